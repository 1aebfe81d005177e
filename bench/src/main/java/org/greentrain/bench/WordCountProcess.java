package org.greentrain.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * The application {@code bench-plugin --whole-process} launches once per run, a JVM of its own: a
 * word count of generated text on {@code local[2]} (split, count by key, collect), then stop. Its
 * arguments: lines of text, partitions, and either {@code off} or the plugin's output directory. It
 * prints the distinct words and their total, and the {@link JobPhases} line.
 */
public final class WordCountProcess {

  private WordCountProcess() {}

  public static void main(String[] args) {
    double mainS = uptimeSeconds();
    int lines = Integer.parseInt(args[0]);
    int partitions = Integer.parseInt(args[1]);
    String pluginOutput = args[2];
    SparkConf conf =
        new SparkConf()
            .setMaster("local[2]")
            .setAppName("bench-plugin-word-count")
            .set("spark.ui.enabled", "false");
    if (!pluginOutput.equals("off")) {
      conf.set("spark.plugins", "org.greentrain.energy.spark.EnergyPlugin")
          .set("spark.greentrain.energy.output", pluginOutput);
    }
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    double sessionS = uptimeSeconds();
    List<Tuple2<String, Long>> counts = countWords(spark, lines, partitions);
    double jobS = uptimeSeconds();
    spark.stop();
    double stoppedS = uptimeSeconds();
    long total = counts.stream().mapToLong(Tuple2::_2).sum();
    System.out.println("distinct words " + counts.size() + ", words " + total);
    System.out.println(new JobPhases(mainS, sessionS, jobS, stoppedS).line());
  }

  static List<Tuple2<String, Long>> countWords(SparkSession spark, int lines, int partitions) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Integer> parts = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      parts.add(p);
    }
    int perPartition = lines / partitions;
    JavaPairRDD<String, Long> counts =
        jsc.parallelize(parts, partitions)
            .flatMap(p -> GeneratedText.lines(p, perPartition).iterator())
            .flatMap(line -> List.of(line.split(" ")).iterator())
            .mapToPair(word -> new Tuple2<>(word, 1L))
            .reduceByKey(Long::sum, partitions);
    return counts.collect();
  }

  private static double uptimeSeconds() {
    return ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
  }
}
