package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.example.wordcount.WordCount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The energy plugin on an application that is not ours: a word count jar submitted through Spark's
 * own SparkSubmit in a separate JVM, with only the greentrain-energy jar and two settings added.
 * spark-submit passes on only keys that start with "spark.", hence spark.greentrain.energy.output.
 */
class EnergyPluginSubmitTest {

  @Test
  @Timeout(300)
  void aPlainWordCountSubmittedWithThePluginLeavesBothTables(@TempDir Path dir) throws Exception {
    Path input = Files.writeString(dir.resolve("words.txt"), "to be or not to be\n".repeat(20_000));
    Path appJar = jarOf(WordCount.class, dir.resolve("wordcount.jar"));
    Path output = dir.resolve("energy");
    Path log = dir.resolve("submit.log");

    List<String> command = sparkSubmit();
    command.addAll(
        List.of(
            "--master",
            "local[2]",
            "--class",
            WordCount.class.getName(),
            "--jars",
            energyJar().toString(),
            "--conf",
            "spark.plugins=org.greentrain.energy.spark.EnergyPlugin",
            "--conf",
            "spark.greentrain.energy.output=" + output,
            "--conf",
            "spark.greentrain.energy.sample-interval-ms=200",
            "--conf",
            "spark.ui.enabled=false",
            appJar.toString(),
            input.toString()));
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("finished in time").isTrue();

    String out = Files.readString(log);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("distinct words: 4");
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet tasks =
          st.executeQuery(
              "SELECT count(*), sum(energy_j), count(DISTINCT task_id) FILTER (WHERE kind = 'task'),"
                  + " bool_and(estimated IS NOT NULL), min(schema_version)"
                  + " FROM read_parquet('"
                  + output
                  + "/task_energy/**/*.parquet',"
                  + " hive_partitioning = true)");
      tasks.next();
      assertThat(tasks.getLong(1)).isPositive();
      assertThat(tasks.getDouble(2)).isPositive();
      assertThat(tasks.getLong(3)).as("word count tasks accounted").isGreaterThanOrEqualTo(2);
      assertThat(tasks.getInt(5)).isEqualTo(2);

      ResultSet stages =
          st.executeQuery(
              "SELECT sum(energy_j), sum(co2e_g) FROM read_parquet('"
                  + output
                  + "/stage_energy/**/*.parquet', hive_partitioning = true)");
      stages.next();
      assertThat(stages.getDouble(1)).isPositive();
      assertThat(stages.getDouble(2)).isPositive();
    }
  }

  private static Path energyJar() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("../energy/target"))) {
      return files
          .filter(
              f -> f.getFileName().toString().matches("greentrain-energy-[^-]+(-SNAPSHOT)?\\.jar"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("build the energy jar first (mvn package)"));
    }
  }

  /**
   * The command line of Spark's own SparkSubmit in a new JVM of this test's Java, with Spark's
   * module opens and {@code jvmOptions}, on Spark's classpath alone: submitted jars come only from
   * its arguments.
   */
  static List<String> sparkSubmit(String... jvmOptions) throws java.io.IOException {
    return sparkSubmit(Path.of("target/spark-classpath.txt"), jvmOptions);
  }

  /** As above, on the class path listed in the file {@code classpath} instead of Spark's. */
  static List<String> sparkSubmit(Path classpath, String... jvmOptions) throws java.io.IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of(System.getProperty("greentrain.test.opens", "").split(" ")));
    command.addAll(List.of(jvmOptions));
    command.removeIf(String::isBlank);
    command.addAll(
        List.of("-cp", Files.readString(classpath).strip(), "org.apache.spark.deploy.SparkSubmit"));
    return command;
  }

  static Path jarOf(Class<?> type, Path jar) throws Exception {
    String entry = type.getName().replace('.', '/') + ".class";
    Path classFile =
        Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve(entry);
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry(entry));
      out.write(Files.readAllBytes(classFile));
      out.closeEntry();
    }
    return jar;
  }
}
