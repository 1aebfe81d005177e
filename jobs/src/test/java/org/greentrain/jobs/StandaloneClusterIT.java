package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy/cluster scripts end to end, as a user runs them: assemble a Spark home from the Maven
 * jars, start a standalone Master and Worker (separate JVMs), submit the nightly pipeline with
 * spark-submit in client mode against the shaded jar, and read the tables with DuckDB. Runs under
 * failsafe, after {@code package} has built the jar.
 */
class StandaloneClusterIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path CLUSTER = ROOT.resolve("deploy/cluster");

  @Test
  @Timeout(600)
  void theNightlyPipelineRunsOnAStandaloneClusterAndLeavesACompleteRun(@TempDir Path dir)
      throws Exception {
    Path sparkHome = ROOT.resolve("jobs/target/it-spark-home");
    Path clusterDir = dir.resolve("cluster");
    Path warehouse = dir.resolve("warehouse");
    Map<String, String> env =
        Map.of(
            "SPARK_HOME", sparkHome.toString(),
            "GREENTRAIN_CLUSTER_DIR", clusterDir.toString(),
            // Free ports: other jobs on this machine may hold Spark's defaults.
            "SPARK_MASTER_PORT", Integer.toString(freePort()),
            "SPARK_MASTER_WEBUI_PORT", Integer.toString(freePort()),
            "GREENTRAIN_WAREHOUSE", warehouse.toString(),
            "GREENTRAIN_JAR", System.getProperty("greentrain.test.jar"));

    assertThat(
            run(
                List.of(CLUSTER + "/assemble-spark-home.sh", sparkHome.toString()),
                env,
                dir.resolve("assemble.log"),
                120))
        .isZero();
    assertThat(sparkHome.resolve("README")).content().contains("SPARK_SCALA_VERSION=2.12");
    try (Stream<Path> jars = Files.list(sparkHome.resolve("jars"))) {
      assertThat(jars.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("spark-core_2.12-"));
    }
    try {
      int started =
          run(List.of(CLUSTER + "/start-local-cluster.sh"), env, dir.resolve("start.log"), 180);
      assertThat(started).as(Files.readString(dir.resolve("start.log"))).isZero();
      assertThat(clusterDir.resolve("master.pid")).exists();
      assertThat(clusterDir.resolve("worker.pid")).exists();

      Path submitLog = dir.resolve("submit.log");
      int submitted =
          run(
              List.of(
                  CLUSTER + "/submit-nightly.sh",
                  "--run-id",
                  "cluster-it",
                  "--conf",
                  "train.model=mlp",
                  "--conf",
                  "train.rounds=1",
                  "--conf",
                  "augment.copies=0",
                  "--conf",
                  "augment.shards=2",
                  "--conf",
                  "energy.powercap-root=" + dir.resolve("no-powercap"),
                  "--conf",
                  "energy.sample-interval-ms=250"),
              Map.of(
                  "SPARK_HOME", sparkHome.toString(),
                  "SPARK_MASTER_URL", "spark://127.0.0.1:" + env.get("SPARK_MASTER_PORT"),
                  "GREENTRAIN_WAREHOUSE", warehouse.toString(),
                  "GREENTRAIN_JAR", env.get("GREENTRAIN_JAR"),
                  // The sample with the built-in defaults, not the nightly full-data recipe.
                  "GREENTRAIN_CONFIG", "",
                  "GREENTRAIN_DATA", Path.of("../data-samples").toAbsolutePath().toString()),
              submitLog,
              360);
      String out = Files.readString(submitLog);
      assertThat(submitted).as(out).isZero();
      assertThat(out).contains("published fashion-cnn/cluster-it");
      // The executors ran in the Worker's JVMs, each leaving its logs under the work dir.
      try (Stream<Path> apps = Files.list(clusterDir.resolve("work"))) {
        assertThat(apps.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("app-"));
      }
    } finally {
      // Not asserted here, so a failure above is what the report shows; checked just below.
      run(List.of(CLUSTER + "/stop-local-cluster.sh"), env, dir.resolve("stop.log"), 90);
    }
    assertThat(clusterDir.resolve("master.pid"))
        .as(Files.readString(dir.resolve("stop.log")))
        .doesNotExist();
    assertThat(clusterDir.resolve("worker.pid")).doesNotExist();

    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet runs =
          st.executeQuery(
              "SELECT run_id, status, stages, fp32_accuracy FROM read_parquet('"
                  + warehouse
                  + "/tables/runs/**/*.parquet', hive_partitioning = true)");
      assertThat(runs.next()).isTrue();
      assertThat(runs.getString("run_id")).isEqualTo("cluster-it");
      assertThat(runs.getString("status")).isEqualTo("complete");
      assertThat(runs.getInt("stages")).isEqualTo(5);
      assertThat(runs.getDouble("fp32_accuracy")).isPositive();
      assertThat(runs.next()).as("one row per run").isFalse();
    }
  }

  /** Runs a script to the end, or kills it and everything it started after the timeout. */
  private static int run(List<String> command, Map<String, String> env, Path log, long timeoutS)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(new ArrayList<>(command))
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
      throw new AssertionError(
          command.get(0) + " did not finish in " + timeoutS + " s:\n" + Files.readString(log));
    }
    return p.exitValue();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
