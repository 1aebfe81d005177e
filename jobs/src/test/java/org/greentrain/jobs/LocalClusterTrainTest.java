package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
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
 * The train stage with executors in two JVMs of their own (local-cluster), so broadcast,
 * serialization of shard updates and per-executor DJL start-up are exercised for real.
 */
class LocalClusterTrainTest {

  private static final String OPENS =
      "--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED"
          + " --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED"
          + " --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED"
          + " --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED"
          + " --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED"
          + " --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
          + " --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED"
          + " --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false";

  @Test
  @Timeout(300)
  void trainsAcrossTwoExecutorJvms(@TempDir Path warehouse) throws Exception {
    // The worker launches executors from $SPARK_HOME (set by the build to target/spark-home);
    // their classpath is this test's, passed as extraClassPath, so jars/ may stay empty.
    Path sparkHome = Path.of(System.getenv("SPARK_HOME"));
    Files.createDirectories(sparkHome.resolve("jars"));
    GreenTrainConfig config =
        ConfigLoader.load(
            null,
            Map.of(
                "run.warehouse", warehouse.toString(),
                "data.source", "../data-samples",
                "train.model", "mlp",
                "train.rounds", "2",
                "augment.copies", "0",
                "augment.shards", "2"));
    SparkSession spark =
        SparkSession.builder()
            .master("local-cluster[2,1,1024]")
            .appName("local-cluster-train")
            .config("spark.ui.enabled", "false")
            .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
            .config("spark.executor.extraJavaOptions", OPENS + " -Dai.djl.offline=true")
            .config("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1")
            .getOrCreate();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try {
      RunContext ctx =
          RunContext.open(
              spark,
              config,
              "cluster",
              true,
              Clock.systemUTC(),
              new PrintWriter(log, true, StandardCharsets.UTF_8));
      ctx.runStage(AugmentStage.STAGE, () -> new AugmentStage(ctx).run());
      StageReport train = ctx.runStage(TrainStage.STAGE, () -> new TrainStage(ctx).run());

      assertThat(spark.sparkContext().getExecutorMemoryStatus().size())
          .as("driver plus two executor JVMs")
          .isEqualTo(3);
      assertThat(warehouse.resolve("runs/cluster/model/model-fp32.gtm")).isNotEmptyFile();
      assertThat(train.recordsIn()).isEqualTo(6000L);
      assertThat(train.cpuSeconds()).as("executor CPU time reached the driver").isPositive();
      assertThat(train.metrics().get("final_train_loss")).isLessThan(1.0);
      assertThat(log.toString(StandardCharsets.UTF_8)).contains("round 2/2");
    } finally {
      spark.stop();
    }
  }
}
