package org.greentrain.bench;

import ai.djl.Device;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.greentrain.config.ConfigLoader;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.evaluate.InMemoryShards;
import org.greentrain.model.BatchNormFolding;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.WeightInit;
import org.greentrain.runtime.ShardData;
import org.greentrain.train.DistributedTrainer;
import org.greentrain.train.LearningRateSchedule;
import org.greentrain.train.LocalSgd;
import org.greentrain.train.RoundResult;
import org.greentrain.train.ShardTrainer;
import org.greentrain.train.TrainParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Benchmark (bench/run): training throughput of the Spark trainer (2 shards, 1 thread each, in
 * local[2]) against a plain single-process DJL loop with 2 intra-op threads, on the same normalised
 * data and model, side by side in one JVM. The ratio is the cost of distribution.
 */
@Command(
    name = "bench-train",
    mixinStandardHelpOptions = true,
    description = "Benchmark: Spark trainer vs a plain DJL loop, same data, model and threads.")
final class BenchTrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--source", defaultValue = "data-samples")
  String source;

  @Option(names = "--model", defaultValue = "cnn")
  String model;

  @Option(names = "--epochs", defaultValue = "2")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "64")
  int batchSize;

  /** A trained model, the samples it trained on and the wall seconds it took. */
  private record Trained(ModelWeights weights, long samples, double seconds) {
    double samplesPerSecond() {
      return samples / seconds;
    }
  }

  /** Counts the samples of every round, on the driver. */
  private static final class SampleCounter implements LocalSgd.RoundListener {
    private long samples;

    @Override
    public void onRound(RoundResult r) {
      samples += r.samples();
    }
  }

  @Override
  public Integer call() {
    GreenTrainConfig config =
        ConfigLoader.load(null, Map.of("data.source", source, "train.model", model));
    ShardData all = InMemoryShards.read(config, "train");
    ShardData testData = InMemoryShards.read(config, "test");
    // The zoo networks train with batch normalisation and are measured folded.
    ModelSpec spec = new ModelSpec(model, 1, 28, 28, 10).forTraining(false);
    ModelSpec plainSpec = spec.withBatchNorm(false);
    ModelWeights init = WeightInit.heUniform(spec, 42);
    LearningRateSchedule schedule = new LearningRateSchedule(0.05, 0.1, epochs);
    Trained plain = plainLoop(spec, init, all, schedule);
    Trained distributed = sparkTrainer(spec, init, all, schedule);
    double plainRate = plain.samplesPerSecond();
    double sparkRate = distributed.samplesPerSecond();
    row("train samples/s, plain DJL loop (2 threads)", fmt(plainRate, 0));
    row("train samples/s, Spark trainer (2 shards x 1 thread)", fmt(sparkRate, 0));
    row("ratio Spark / plain (target >= 0.9)", fmt(sparkRate / plainRate, 3));
    row(
        "test accuracy after " + epochs + " epochs, plain",
        pct(
            InMemoryShards.accuracy(
                plainSpec, BatchNormFolding.toPlain(spec, plain.weights()), testData)));
    row(
        "test accuracy after " + epochs + " epochs, Spark",
        pct(
            InMemoryShards.accuracy(
                plainSpec, BatchNormFolding.toPlain(spec, distributed.weights()), testData)));
    return 0;
  }

  /** One process, one model, 2 intra-op threads, the same schedule per epoch. */
  private Trained plainLoop(
      ModelSpec spec, ModelWeights init, ShardData all, LearningRateSchedule schedule) {
    TrainParams plainParams = new TrainParams(batchSize, 0.05, 0.9, 1e-4, 0, 2);
    long t0 = System.nanoTime();
    ModelWeights plain = init;
    ShardTrainer trainer = new ShardTrainer(spec, Device.cpu());
    long plainSamples = 0;
    for (int e = 0; e < epochs; e++) {
      var u = trainer.train(plain, all, plainParams.withLearningRate(schedule.rate(e)), 42, e, 0);
      plain = u.weights();
      plainSamples += u.samples();
    }
    return new Trained(plain, plainSamples, (System.nanoTime() - t0) / 1e9);
  }

  /** The Spark trainer on local[2]: two shards, one thread each. */
  private Trained sparkTrainer(
      ModelSpec spec, ModelWeights init, ShardData all, LearningRateSchedule schedule) {
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("bench-train")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      JavaRDD<ShardData> shards = InMemoryShards.cached(jsc, InMemoryShards.halves(all));
      TrainParams oneThread = new TrainParams(batchSize, 0.05, 0.9, 1e-4, 0, 1);
      LocalSgd perTask = new LocalSgd(oneThread, schedule);
      SampleCounter counter = new SampleCounter();
      long t1 = System.nanoTime();
      ModelWeights distributed =
          perTask.run(init, new DistributedTrainer(spark, spec, 42).roundRunner(shards), counter);
      double seconds = (System.nanoTime() - t1) / 1e9;
      shards.unpersist();
      return new Trained(distributed, counter.samples, seconds);
    } finally {
      spark.stop();
    }
  }

  private static String fmt(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * v);
  }

  /** One "name | value" row of the bench table. */
  private void row(String name, String value) {
    spec.commandLine().getOut().printf(Locale.ROOT, "| %-58s | %14s |%n", name, value);
  }
}
