package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.greentrain.config.ConfigLoader;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.data.spark.AugmentStage;
import org.greentrain.pipeline.RunContext;
import org.greentrain.store.StageReport;
import org.greentrain.train.TrainStage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPU executors without a GPU: Spark's own resource scheduling (a worker whose discovery script
 * offers two GPU addresses, one GPU per task) in a local-cluster, the train stage with two shards.
 * Each concurrent training task receives its own address and asks DJL for that device; the CPU
 * engine here has no CUDA, so the executor warns once and trains on the CPU, and the stage
 * finishes. With the energy plugin and a fake {@code nvidia-smi} on the executors' PATH naming the
 * two GPUs (an A100, and an H100 no row of conf/gpu-embodied-emissions.csv names), each task is
 * charged the GPU hours it held.
 */
class GpuSchedulingIT {

  private static final Pattern ASSIGNED =
      Pattern.compile(
          "Spark assigned GPU address (\\d+) to task \\d+ \\(stage \\d+, partition (\\d+)\\);"
              + " asked DJL for gpu\\((\\d+)\\), training on cpu\\(\\)");

  private static final String A100 = "NVIDIA A100-SXM4-80GB";
  private static final String H100 = "NVIDIA H100 80GB HBM3";

  /** 150,000 g over 6 × 8760 h, the A100's row and the default's alike. */
  private static final double GPU_G_PER_H = 150_000.0 / (6 * 8760);

  /** A task as the driver's listener saw it, epoch ms and ms. */
  private record SeenTask(long launchMs, long finishMs, long executorRunMs) {}

  @TempDir static Path dir;
  private static StageReport train;
  private static List<String> executorLog;
  private static final Map<Long, SeenTask> tasks = new ConcurrentHashMap<>();

  @BeforeAll
  @Timeout(300)
  static void trainOnTwoGpuAddresses() throws Exception {
    Path sparkHome = Path.of(System.getenv("SPARK_HOME"));
    Files.createDirectories(sparkHome.resolve("jars"));
    Path discovery = dir.resolve("fake-gpu-discovery.sh");
    Files.writeString(
        discovery, "#!/bin/sh\necho '{\"name\":\"gpu\",\"addresses\":[\"0\",\"1\"]}'\n");
    Files.setPosixFilePermissions(discovery, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path bin = fakeNvidiaSmi();
    Path log4j = dir.resolve("executor-log4j2.properties");
    Files.writeString(
        log4j,
        String.join(
            "\n",
            "rootLogger.level = warn",
            "rootLogger.appenderRef.stderr.ref = console",
            "appender.console.type = Console",
            "appender.console.name = console",
            "appender.console.target = SYSTEM_ERR",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = %p %c{1}: %m%n",
            "logger.device.name = org.greentrain.runtime.TaskDevice",
            "logger.device.level = info",
            "logger.cuda.name = ai.djl.util.cuda.CudaUtils",
            "logger.cuda.level = error",
            ""));
    Path warehouse = dir.resolve("warehouse");
    GreenTrainConfig config =
        ConfigLoader.load(
            null,
            Map.of(
                "run.warehouse", warehouse.toString(),
                "data.source", "../data-samples",
                "train.model", "mlp",
                "train.rounds", "2",
                "augment.copies", "0",
                "augment.shards", "2",
                "energy.sample-interval-ms", "250",
                "energy.powercap-root", dir.resolve("no-powercap").toString()));
    SparkConf conf =
        new SparkConf()
            .setMaster("local-cluster[1,2,1536]")
            .setAppName("gpu-scheduling-it")
            .set("spark.ui.enabled", "false")
            .set("spark.worker.resource.gpu.amount", "2")
            .set("spark.worker.resource.gpu.discoveryScript", discovery.toString())
            .set("spark.executor.resource.gpu.amount", "2")
            .set("spark.task.resource.gpu.amount", "1")
            .set("spark.executor.cores", "2")
            .set("spark.task.cpus", "1")
            .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
            .set(
                "spark.executor.extraJavaOptions",
                System.getProperty("greentrain.test.opens")
                    + " -Dai.djl.offline=true -Dlog4j2.configurationFile="
                    + log4j.toUri())
            .set("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1")
            .set("spark.executorEnv.PATH", bin + ":" + System.getenv("PATH"));
    // The energy plugin as every GreenTrain session has it, its tables under the warehouse.
    Sessions.addEnergyPlugin(conf, config.energy(), warehouse.toString());
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    spark.sparkContext().addSparkListener(new TaskTimes());
    // local-cluster workers keep each executor's stdout and stderr under $SPARK_HOME/work/<app>.
    Path workDir = sparkHome.resolve("work").resolve(spark.sparkContext().applicationId());
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      RunContext ctx =
          RunContext.open(
              spark,
              config,
              "gpu",
              true,
              Clock.systemUTC(),
              new PrintWriter(out, true, StandardCharsets.UTF_8));
      ctx.runStage(AugmentStage.STAGE, () -> new AugmentStage(ctx).run());
      train = ctx.runStage(TrainStage.STAGE, () -> new TrainStage(ctx).run());
    } finally {
      spark.stop();
    }
    executorLog = executorStderr(workDir);
  }

  /**
   * A fake {@code nvidia-smi} naming GPU 0 an A100 and GPU 1 an H100; it offers no energy counter
   * or power (blank lines), so no GPU is metered, as on a GPU whose counters a container hides.
   */
  private static Path fakeNvidiaSmi() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path smi = bin.resolve("nvidia-smi");
    Files.writeString(
        smi,
        "#!/bin/sh\n"
            + "if [ \"$*\" = \"--query-gpu=index,name --format=csv,noheader\" ]; then\n"
            + "  printf '0, "
            + A100
            + "\\n1, "
            + H100
            + "\\n'\n"
            + "fi\n");
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  /** Each finished task's times, by task attempt id, as the driver saw them. */
  private static final class TaskTimes extends SparkListener {
    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      tasks.put(
          end.taskInfo().taskId(),
          new SeenTask(
              end.taskInfo().launchTime(),
              end.taskInfo().finishTime(),
              end.taskMetrics() == null ? 0 : end.taskMetrics().executorRunTime()));
    }
  }

  @Test
  void eachTrainingTaskGetsItsOwnGpuAddressAndFallsBackToTheCpuWithOneWarning() {
    assertThat(train.metrics().get("final_train_loss")).isLessThan(1.5);

    Set<String> addresses = new TreeSet<>();
    Set<String> partitions = new TreeSet<>();
    for (String line : executorLog) {
      Matcher m = ASSIGNED.matcher(line);
      if (m.find()) {
        assertThat(m.group(3))
            .as("the device asked for is the address assigned")
            .isEqualTo(m.group(1));
        addresses.add(m.group(1));
        partitions.add(m.group(2));
      }
    }
    assertThat(addresses).as("GPU addresses handed to tasks").containsExactly("0", "1");
    assertThat(partitions).as("two different tasks held them").hasSize(2);
    assertThat(executorLog.stream().filter(l -> l.contains("training on the CPU")))
        .as("one warning per executor")
        .hasSize(1)
        .allMatch(l -> l.startsWith("WARN") && l.contains("sees 0 GPU(s)"));
  }

  @Test
  void eachTrainingTaskIsChargedTheGpuHoursItHeld() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet rows =
          st.executeQuery(
              "SELECT task_id, sum(gpu_hours) AS gpu_hours, min(gpu_model) AS gpu_model,"
                  + " count(DISTINCT gpu_model) AS models,"
                  + " bool_and(gpu_embodied_default) AS flagged,"
                  + " max(abs(gpu_embodied_g_per_hour - "
                  + GPU_G_PER_H
                  + ")) AS rate_error,"
                  + " max(abs(gpu_embodied_co2e_g - gpu_hours * "
                  + GPU_G_PER_H
                  + ")) AS gpu_error,"
                  + " max(abs(embodied_co2e_g - node_hours * embodied_g_per_hour"
                  + " - gpu_embodied_co2e_g)) AS sum_error"
                  + " FROM "
                  + taskEnergy()
                  + " WHERE stage = 'train' AND kind = 'task' GROUP BY task_id");
      Set<String> models = new TreeSet<>();
      int count = 0;
      while (rows.next()) {
        count++;
        SeenTask seen = tasks.get(rows.getLong("task_id"));
        System.out.printf(
            "GpuSchedulingIT: task %d %s: %.3f GPU s; ran %d ms on the executor, %d ms launch to"
                + " finish%n",
            rows.getLong("task_id"),
            rows.getString("gpu_model"),
            rows.getDouble("gpu_hours") * 3600,
            seen == null ? -1 : seen.executorRunMs(),
            seen == null ? -1 : seen.finishMs() - seen.launchMs());
        assertThat(seen).as("task %d seen by the driver", rows.getLong("task_id")).isNotNull();
        double heldS = rows.getDouble("gpu_hours") * 3600;
        // One GPU per task (spark.task.resource.gpu.amount): the hours are the time it ran, which
        // lies between its run time on the executor and its launch to finish on the driver.
        assertThat(heldS)
            .as("task %d's GPU seconds vs %s", rows.getLong("task_id"), seen)
            .isPositive()
            .isBetween(
                seen.executorRunMs() / 1000.0 - 0.05,
                (seen.finishMs() - seen.launchMs()) / 1000.0 + 0.05);
        assertThat(rows.getLong("models")).as("one GPU per task").isEqualTo(1);
        String model = rows.getString("gpu_model");
        models.add(model);
        assertThat(rows.getBoolean("flagged")).as(model).isEqualTo(model.equals(H100));
        assertThat(rows.getDouble("rate_error")).isLessThan(1e-9);
        assertThat(rows.getDouble("gpu_error")).isLessThan(1e-12);
        assertThat(rows.getDouble("sum_error")).isLessThan(1e-9);
      }
      assertThat(count).as("training tasks").isGreaterThanOrEqualTo(2);
      assertThat(models).as("both GPUs held").containsExactly(A100, H100);
    }
  }

  @Test
  void theTrainStagesEmbodiedEmissionsIncludeItsGpuHours() throws Exception {
    // The train stage's report: its stage_energy row, which the run command writes from it.
    long from = Instant.parse(train.startedAt()).toEpochMilli();
    long to = from + Math.round(train.wallSeconds() * 1000);
    double stageEmbodied = train.impact().embodiedCo2eGrams();
    // The application's rows over the stage's interval, prorated by overlap as the stage's are.
    String overlap =
        "greatest(0, least("
            + to
            + ", window_end_ms) - greatest("
            + from
            + ", window_start_ms)) / (window_end_ms - window_start_ms)";
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet sums =
          st.executeQuery(
              "SELECT sum(embodied_co2e_g * "
                  + overlap
                  + "), sum(gpu_embodied_co2e_g * "
                  + overlap
                  + ") FROM "
                  + taskEnergy()
                  + " WHERE kind <> 'node_other' AND window_end_ms > window_start_ms");
      sums.next();
      double withGpus = sums.getDouble(1);
      double gpus = sums.getDouble(2);
      System.out.printf(
          "GpuSchedulingIT: train stage embodied %.6f g; its rows %.6f g, of which GPUs %.6f g%n",
          stageEmbodied, withGpus, gpus);
      assertThat(gpus).as("GPU part of the stage's interval").isPositive();
      // Within a quarter of the GPU part: the stage's figure holds it, not only the node's share.
      assertThat(stageEmbodied).isCloseTo(withGpus, within(gpus / 4));
    }
  }

  private static String taskEnergy() {
    return "read_parquet('"
        + dir.resolve("warehouse")
        + "/tables/task_energy/**/*.parquet', hive_partitioning = true)";
  }

  /** Every line of the executors' standard error files under the worker directory. */
  private static List<String> executorStderr(Path workDir) throws Exception {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(workDir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
        lines.addAll(Files.readAllLines(f));
      }
    }
    assertThat(lines).as("executor stderr under " + workDir).isNotEmpty();
    return lines;
  }
}
