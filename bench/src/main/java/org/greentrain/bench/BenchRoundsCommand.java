package org.greentrain.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.greentrain.config.ConfigLoader;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.config.TrainConfig;
import org.greentrain.evaluate.InMemoryShards;
import org.greentrain.model.BatchNormFolding;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.WeightInit;
import org.greentrain.runtime.ShardData;
import org.greentrain.train.DistributedTrainer;
import org.greentrain.train.LearningRateSchedule;
import org.greentrain.train.LocalSgd;
import org.greentrain.train.RoundPlan;
import org.greentrain.train.RoundResult;
import org.greentrain.train.TrainParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Benchmark (bench/run): where a round of the Spark trainer spends its time, and what sharding
 * costs in accuracy. Trains the same normalised data (no augmentation) with the configured
 * optimizer and schedule in local[2], first as 2 shards (1 thread each), then as 1 shard (2
 * threads), for the same epochs, and prints per round the driver wall time, the slowest shard's
 * in-task compute time and the rest (broadcast, scheduling, averaging: the overhead), then both
 * runs' test accuracy.
 */
@Command(
    name = "bench-rounds",
    mixinStandardHelpOptions = true,
    description = "Benchmark: round overhead split, and 2 shards vs 1 shard accuracy.")
final class BenchRoundsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--source", defaultValue = "data-samples")
  String source;

  @Option(names = "--conf", description = "Config overrides key=value (train.*), as for run.")
  Map<String, String> overrides = new HashMap<>();

  @Override
  public Integer call() {
    Map<String, String> conf = new HashMap<>(overrides);
    conf.put("data.source", source);
    GreenTrainConfig config = ConfigLoader.load(null, conf);
    TrainConfig t = config.train();
    ShardData train = InMemoryShards.read(config, "train");
    ShardData test = InMemoryShards.read(config, "test");
    ModelSpec model =
        ModelSpec.of(
                t.model(),
                1,
                config.data().rows(),
                config.data().cols(),
                config.data().numClasses(),
                t.depth(),
                t.widths(),
                t.widthMultiplier())
            .forTraining(t.batchNorm());
    ModelWeights init = WeightInit.heUniform(model, config.run().seed());

    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("bench-rounds")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    try {
      List<RoundResult> two = new ArrayList<>();
      ModelWeights sharded =
          train(spark, config, model, init, InMemoryShards.halves(train), 1, two);
      List<RoundResult> one = new ArrayList<>();
      ModelWeights single = train(spark, config, model, init, List.of(train), 2, one);

      printRounds(two);
      printOverhead(two);
      row(
          "test accuracy, 2 shards x 1 thread, " + t.epochs() + " epochs",
          pct(
              InMemoryShards.accuracy(
                  model.withBatchNorm(false), BatchNormFolding.toPlain(model, sharded), test)));
      row(
          "test accuracy, 1 shard x 2 threads, " + t.epochs() + " epochs",
          pct(
              InMemoryShards.accuracy(
                  model.withBatchNorm(false), BatchNormFolding.toPlain(model, single), test)));
    } finally {
      spark.stop();
    }
    return 0;
  }

  private void printRounds(List<RoundResult> rounds) {
    for (RoundResult r : rounds) {
      row(
          String.format(
              Locale.ROOT,
              "round %d/%d: wall s | compute s | overhead s",
              r.round() + 1,
              r.rounds()),
          String.format(
              Locale.ROOT,
              "%.3f | %.3f | %.3f",
              r.wallSeconds(),
              r.computeSeconds(),
              r.wallSeconds() - r.computeSeconds()));
    }
  }

  private void printOverhead(List<RoundResult> rounds) {
    // Round 1 carries the JVM's and the engine's start-up; the split leaves it out.
    double wall = 0;
    double compute = 0;
    for (RoundResult r : rounds.subList(Math.min(1, rounds.size() - 1), rounds.size())) {
      wall += r.wallSeconds();
      compute += r.computeSeconds();
    }
    int counted = rounds.size() - Math.min(1, rounds.size() - 1);
    row("mean round wall s, 2 shards (rounds 2..)", fmt(wall / counted, 3));
    row("mean in-task compute s, slowest shard (rounds 2..)", fmt(compute / counted, 3));
    row(
        "overhead share of round time (target < 10%)",
        String.format(Locale.ROOT, "%.1f%%", 100 * (wall - compute) / wall));
  }

  private static ModelWeights train(
      SparkSession spark,
      GreenTrainConfig config,
      ModelSpec model,
      ModelWeights init,
      List<ShardData> parts,
      int threads,
      List<RoundResult> rounds) {
    TrainConfig t = config.train();
    JavaRDD<ShardData> shards =
        InMemoryShards.cached(JavaSparkContext.fromSparkContext(spark.sparkContext()), parts);
    int largest = parts.stream().mapToInt(ShardData::count).max().orElseThrow();
    int planned = RoundPlan.rounds(t.epochs(), t.rounds(), largest, t.localSteps(), t.batchSize());
    TrainParams params = TrainParams.fromConfig(t, threads);
    LearningRateSchedule schedule =
        new LearningRateSchedule(
            t.learningRate(),
            t.finalLearningRateFraction(),
            planned,
            LearningRateSchedule.warmupRounds(t.warmupEpochs(), t.epochs(), planned));
    DistributedTrainer.SparkRoundRunner runner =
        new DistributedTrainer(spark, model, config.run().seed())
            .roundRunner(shards, org.greentrain.runtime.WeightConstraint.NONE);
    try {
      return new LocalSgd(params, schedule)
          .run(
              init,
              runner,
              new LocalSgd.RoundListener() {
                @Override
                public void onRound(RoundResult r) {
                  rounds.add(r);
                }
              });
    } finally {
      runner.release();
      shards.unpersist();
    }
  }

  private static String fmt(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * v);
  }

  private void row(String name, String value) {
    spec.commandLine().getOut().printf(Locale.ROOT, "| %-58s | %22s |%n", name, value);
  }
}
