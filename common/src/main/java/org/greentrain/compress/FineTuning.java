package org.greentrain.compress;

import java.util.Locale;
import java.util.function.IntUnaryOperator;
import org.apache.spark.api.java.JavaRDD;
import org.greentrain.config.CompressConfig;
import org.greentrain.config.TrainConfig;
import org.greentrain.data.spark.AugmentStage;
import org.greentrain.model.ModelWeights;
import org.greentrain.pipeline.RunContext;
import org.greentrain.runtime.ShardData;
import org.greentrain.runtime.WeightConstraint;
import org.greentrain.train.DistributedTrainer;
import org.greentrain.train.LearningRateSchedule;
import org.greentrain.train.LocalSgd;
import org.greentrain.train.RoundResult;
import org.greentrain.train.TrainParams;

/**
 * Gradual pruning with fine-tuning rounds on the run's augmented shards; the shards are loaded on
 * first use only, so int8-only runs never touch the augmented data. Closing releases the cached
 * shards.
 */
final class FineTuning implements AutoCloseable {

  private final RunContext ctx;
  private DistributedTrainer trainer;
  private JavaRDD<ShardData> shards;

  FineTuning(RunContext ctx) {
    this.ctx = ctx;
  }

  private void loadShards() {
    if (shards == null) {
      String augmented = ctx.warehouse().augmented(ctx.runId()).toString();
      ctx.require(ctx.warehouse().augmented(ctx.runId()), "augmented data", AugmentStage.STAGE);
      trainer = new DistributedTrainer(ctx.spark(), ctx.modelSpec(), ctx.config().run().seed());
      trainer.requireNormalisation(augmented, AugmentStage.normalisation(ctx));
      shards = trainer.loadShards(augmented, ctx.config().augment().shards());
    }
  }

  /** Training's optimizer (SGD or Adam) and settings, at the fine-tuning rate. */
  private TrainParams params(double rate) {
    int taskCpus = Integer.parseInt(ctx.spark().conf().get("spark.task.cpus", "1"));
    return TrainParams.fromConfig(ctx.config().train(), taskCpus).withLearningRate(rate);
  }

  /**
   * Removes the filters and units of smallest L1 norm, then fine-tunes the narrower network for
   * {@code compress.fine-tune-rounds} rounds. Removing whole units costs more accuracy than
   * removing single weights, so the rate starts higher than for unstructured pruning: from a tenth
   * of training's initial rate down to training's final rate, on a cosine.
   */
  ModelWeights narrow(ModelWeights trained, double fraction) {
    CompressConfig c = ctx.config().compress();
    StructuredPruner.Result result =
        StructuredPruner.prune(ctx.modelSpec(), trained, fraction, c.structuredExemptFirstLayer());
    ctx.out()
        .printf(
            Locale.ROOT,
            "      struct %.0f%%: widths %s -> %s, %d -> %d parameters%n",
            100 * fraction,
            ctx.modelSpec().widths(),
            result.spec().widths(),
            trained.parameterCount(),
            result.weights().parameterCount());
    int rounds = c.fineTuneRounds();
    if (rounds == 0) {
      return result.weights();
    }
    loadShards();
    TrainConfig t = ctx.config().train();
    double start = t.learningRate() / 10;
    double endFraction = Math.min(1, Math.max(t.finalLearningRateFraction(), 1e-3) * 10);
    DistributedTrainer.SparkRoundRunner runner =
        new DistributedTrainer(ctx.spark(), result.spec(), ctx.config().run().seed())
            .roundRunner(shards, WeightConstraint.NONE);
    try {
      return new LocalSgd(params(start), new LearningRateSchedule(start, endFraction, rounds))
          .run(
              result.weights(),
              runner,
              progress(
                  "      struct %.0f%% round %d/%d: loss %.4f%n", fraction, rounds, r -> r + 1));
    } finally {
      runner.release();
    }
  }

  ModelWeights prune(ModelWeights trained, double sparsity) {
    CompressConfig c = ctx.config().compress();
    int steps = c.fineTuneRounds();
    if (steps > 0) {
      loadShards();
    }
    TrainConfig t = ctx.config().train();
    // Fine-tuning continues where training's cosine schedule ended, at its lowest rate.
    double rate = t.learningRate() * Math.max(t.finalLearningRateFraction(), 1e-3);
    TrainParams params = params(rate);
    MagnitudePruner.Result result =
        GradualPruning.run(
            trained,
            sparsity,
            steps,
            c.exemptFirstLayer(),
            (start, constraint, step) -> {
              DistributedTrainer.SparkRoundRunner runner = trainer.roundRunner(shards, constraint);
              try {
                return new LocalSgd(params, new LearningRateSchedule(rate, 1.0, 1), constraint)
                    .run(
                        start,
                        runner,
                        progress(
                            "      prune %.0f%% step %d/%d: loss %.4f%n",
                            sparsity, steps, r -> step));
              } finally {
                runner.release();
              }
            });
    return result.weights();
  }

  /**
   * Prints one line per fine-tuning round: {@code format} takes the share in percent, the round or
   * step number {@code number} gives for a 0-based round, the total, and the loss.
   */
  private LocalSgd.RoundListener progress(
      String format, double share, int total, IntUnaryOperator number) {
    return new LocalSgd.RoundListener() {
      @Override
      public void onRound(RoundResult r) {
        ctx.out()
            .printf(
                Locale.ROOT,
                format,
                100 * share,
                number.applyAsInt(r.round()),
                total,
                r.trainLoss());
      }
    };
  }

  @Override
  public void close() {
    if (shards != null) {
      shards.unpersist();
    }
  }
}
