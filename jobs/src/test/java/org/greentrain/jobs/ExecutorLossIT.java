package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.greentrain.config.ConfigLoader;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.evaluate.InMemoryShards;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.WeightAverage;
import org.greentrain.model.WeightInit;
import org.greentrain.runtime.ShardData;
import org.greentrain.runtime.WeightConstraint;
import org.greentrain.train.DistributedTrainer;
import org.greentrain.train.LearningRateSchedule;
import org.greentrain.train.LocalSgd;
import org.greentrain.train.RoundResult;
import org.greentrain.train.ShardTrainer;
import org.greentrain.train.ShardUpdate;
import org.greentrain.train.TrainParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two executor JVMs (local-cluster); during the second round the executor running partition 0 is
 * killed with SIGKILL. Spark loses its task, its cached shard and its resident model, recomputes
 * the shard and rebuilds the model elsewhere, and the training still finishes with the accuracy of
 * an undisturbed run of the same seed (trained in this JVM without Spark).
 */
class ExecutorLossIT {

  /**
   * In partition 0's first attempt, while {@code armFile} exists: writes the executor's pid into
   * {@code pidFile} and waits (up to 60 s) to be killed. A no-op otherwise.
   */
  private record KillPoint(String armFile, String pidFile) implements WeightConstraint {
    @Override
    public void applyInPlace(List<NDArray> weights) {
      TaskContext task = TaskContext.get();
      if (task == null
          || task.partitionId() != 0
          || task.attemptNumber() != 0
          || !Files.exists(Path.of(armFile))) {
        return;
      }
      try {
        Path tmp = Path.of(pidFile + ".tmp");
        Files.writeString(tmp, Long.toString(ProcessHandle.current().pid()));
        Files.move(tmp, Path.of(pidFile));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (Files.exists(Path.of(armFile)) && System.nanoTime() < deadline) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    @Override
    public ModelWeights apply(ModelWeights weights) {
      return weights;
    }
  }

  @Test
  @Timeout(170)
  void trainingSurvivesAKilledExecutorWithTheSameAccuracy(@TempDir Path dir) throws Exception {
    Path sparkHome = Path.of(System.getenv("SPARK_HOME"));
    Files.createDirectories(sparkHome.resolve("jars"));
    GreenTrainConfig config =
        ConfigLoader.load(
            null,
            Map.of(
                "data.source", "../data-samples",
                "train.model", "mlp",
                "augment.copies", "0"));
    SparkSession spark =
        SparkSession.builder()
            .master("local-cluster[2,1,1024]")
            .appName("executor-loss-it")
            .config("spark.task.maxFailures", "4")
            .config("spark.ui.enabled", "false")
            .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
            .config(
                "spark.executor.extraJavaOptions",
                System.getProperty("greentrain.test.opens") + " -Dai.djl.offline=true")
            .config("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1")
            .getOrCreate();
    ExecutorService watcher = Executors.newSingleThreadExecutor();
    try {
      ModelSpec spec = new ModelSpec("mlp", 1, 28, 28, 10);
      List<ShardData> data = InMemoryShards.halves(InMemoryShards.read(config, "train"));
      LocalSgd.RoundRunner inProcess =
          (round, start, params) -> {
            WeightAverage sum = new WeightAverage();
            ShardTrainer trainer = new ShardTrainer(spec, Device.cpu());
            for (int p = 0; p < data.size(); p++) {
              ShardUpdate u = trainer.train(start, data.get(p), params, 42, round, p);
              sum.add(u.weights(), u.samples(), u.lossSum());
            }
            return sum;
          };
      TrainParams params = TrainParams.fromConfig(config.train(), 1);
      LearningRateSchedule schedule = new LearningRateSchedule(0.05, 0.1, 3);
      ModelWeights init = WeightInit.heUniform(spec, 42);
      // The undisturbed run, in this JVM: the Spark runner gives these weights bit for bit.
      ModelWeights undisturbed =
          new LocalSgd(params, schedule).run(init, inProcess, new LocalSgd.RoundListener() {});

      Path arm = dir.resolve("arm");
      Path pid = dir.resolve("executor.pid");
      KillPoint kill = new KillPoint(arm.toString(), pid.toString());
      Future<Long> killed = watcher.submit(() -> killWhenMarked(pid, arm));
      JavaRDD<ShardData> shards =
          JavaSparkContext.fromSparkContext(spark.sparkContext())
              .parallelize(data, 2)
              .persist(StorageLevel.MEMORY_ONLY());
      DistributedTrainer trainer = new DistributedTrainer(spark, spec, 42);
      ModelWeights disturbed =
          new LocalSgd(params, schedule, kill)
              .run(
                  init,
                  trainer.roundRunner(shards, kill),
                  new LocalSgd.RoundListener() {
                    @Override
                    public void onRound(RoundResult r) {
                      if (r.round() == 0) {
                        touch(arm);
                      }
                    }
                  });
      shards.unpersist();

      long victim = killed.get();
      assertThat(victim).isPositive().isNotEqualTo(ProcessHandle.current().pid());
      assertThat(ProcessHandle.of(victim).map(ProcessHandle::isAlive))
          .isIn(Optional.empty(), Optional.of(false));
      ShardData test = InMemoryShards.read(config, "test");
      double expected = InMemoryShards.accuracy(spec, undisturbed, test);
      double actual = InMemoryShards.accuracy(spec, disturbed, test);
      assertThat(expected).isGreaterThan(0.6);
      assertThat(actual).isCloseTo(expected, within(0.005));
    } finally {
      watcher.shutdownNow();
      spark.stop();
    }
  }

  /** Waits for the pid marker, kills that executor JVM with SIGKILL and disarms. */
  private static long killWhenMarked(Path pidFile, Path arm) throws Exception {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!Files.exists(pidFile)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("No executor wrote " + pidFile);
      }
      Thread.sleep(50);
    }
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    ProcessHandle victim = ProcessHandle.of(pid).orElseThrow();
    victim.destroyForcibly();
    victim.onExit().get();
    Files.delete(arm);
    return pid;
  }

  private static void touch(Path p) {
    try {
      Files.writeString(p, "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
