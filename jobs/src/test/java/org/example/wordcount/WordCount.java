package org.example.wordcount;

import java.util.Arrays;
import org.apache.spark.sql.SparkSession;

/**
 * A plain Spark application that knows nothing of GreenTrain: the energy plugin must account for it
 * when added with --conf alone.
 */
public final class WordCount {

  private WordCount() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().getOrCreate();
    try {
      long distinct =
          spark
              .read()
              .textFile(args[0])
              .javaRDD()
              .flatMap(line -> Arrays.asList(line.split("\\s+")).iterator())
              .mapToPair(w -> new scala.Tuple2<>(w, 1L))
              .reduceByKey(Long::sum)
              .count();
      System.out.println("distinct words: " + distinct);
    } finally {
      spark.stop();
    }
  }
}
