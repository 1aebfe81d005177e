package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.greentrain.config.ConfigLoader;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.data.spark.AugmentStage;
import org.greentrain.pipeline.RunContext;
import org.greentrain.store.StageReport;
import org.greentrain.train.TrainStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPU executors without a GPU: Spark's own resource scheduling (a worker whose discovery script
 * offers two GPU addresses, one GPU per task) in a local-cluster, the train stage with two shards.
 * Each concurrent training task receives its own address and asks DJL for that device; the CPU
 * engine here has no CUDA, so the executor warns once and trains on the CPU, and the stage
 * finishes.
 */
class GpuSchedulingIT {

  private static final Pattern ASSIGNED =
      Pattern.compile(
          "Spark assigned GPU address (\\d+) to task \\d+ \\(stage \\d+, partition (\\d+)\\);"
              + " asked DJL for gpu\\((\\d+)\\), training on cpu\\(\\)");

  @Test
  @Timeout(300)
  void eachTrainingTaskGetsItsOwnGpuAddressAndFallsBackToTheCpuWithOneWarning(@TempDir Path dir)
      throws Exception {
    Path sparkHome = Path.of(System.getenv("SPARK_HOME"));
    Files.createDirectories(sparkHome.resolve("jars"));
    Path discovery = dir.resolve("fake-gpu-discovery.sh");
    Files.writeString(
        discovery, "#!/bin/sh\necho '{\"name\":\"gpu\",\"addresses\":[\"0\",\"1\"]}'\n");
    Files.setPosixFilePermissions(discovery, PosixFilePermissions.fromString("rwxr-xr-x"));
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
    GreenTrainConfig config =
        ConfigLoader.load(
            null,
            Map.of(
                "run.warehouse", dir.resolve("warehouse").toString(),
                "data.source", "../data-samples",
                "train.model", "mlp",
                "train.rounds", "2",
                "augment.copies", "0",
                "augment.shards", "2"));
    SparkSession spark =
        SparkSession.builder()
            .master("local-cluster[1,2,1536]")
            .appName("gpu-scheduling-it")
            .config("spark.ui.enabled", "false")
            .config("spark.worker.resource.gpu.amount", "2")
            .config("spark.worker.resource.gpu.discoveryScript", discovery.toString())
            .config("spark.executor.resource.gpu.amount", "2")
            .config("spark.task.resource.gpu.amount", "1")
            .config("spark.executor.cores", "2")
            .config("spark.task.cpus", "1")
            .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
            .config(
                "spark.executor.extraJavaOptions",
                System.getProperty("greentrain.test.opens")
                    + " -Dai.djl.offline=true -Dlog4j2.configurationFile="
                    + log4j.toUri())
            .config("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1")
            .getOrCreate();
    StageReport train;
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
    assertThat(train.metrics().get("final_train_loss")).isLessThan(1.5);

    List<String> executorLog = executorStderr(workDir);
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
