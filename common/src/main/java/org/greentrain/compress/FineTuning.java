package org.greentrain.compress;

import java.util.Locale;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.greentrain.config.CompressConfig;
import org.greentrain.config.TrainConfig;
import org.greentrain.data.spark.AugmentStage;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.WeightAverage;
import org.greentrain.pipeline.RunContext;
import org.greentrain.runtime.ShardData;
import org.greentrain.runtime.WeightConstraint;
import org.greentrain.train.Distillation;
import org.greentrain.train.DistributedTrainer;
import org.greentrain.train.EarlyStopping;
import org.greentrain.train.LearningRateSchedule;
import org.greentrain.train.LocalSgd;
import org.greentrain.train.RoundResult;
import org.greentrain.train.RoundSum;
import org.greentrain.train.ShardAssignment;
import org.greentrain.train.Teacher;
import org.greentrain.train.TrainParams;
import org.greentrain.train.TrainState;

/**
 * Fine-tuning of pruned models on the run's augmented shards, with training's optimizer, dropout
 * and label smoothing at a fraction of its rate on a short cosine, optionally distilling from the
 * fp32 model, and choosing the round by validation accuracy. The shards are loaded on first use
 * only, so int8-only runs never touch the augmented data. Closing releases the cached shards.
 */
final class FineTuning implements AutoCloseable {

  /**
   * A fine-tuned model and its rounds.
   *
   * @param roundsRun fine-tuning rounds run (fewer than {@code compress.fine-tune-rounds} when
   *     stopped early)
   * @param keptRound the round (from 1) whose weights were kept: the best validated one, or the
   *     last without validation; 0 when not fine-tuned
   */
  record Tuned(ModelWeights weights, int roundsRun, int keptRound) {}

  private final RunContext ctx;
  private DistributedTrainer trainer;
  private JavaRDD<ShardData> shards;
  private JavaRDD<ShardData> validation;
  private double loadedFraction = Double.NaN;

  FineTuning(RunContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Loads the training shards without the validation split, and the split: the train stage's when
   * it held one out, else {@code c}'s validation fraction of the records. Structured and
   * unstructured variants may hold out different shares, so a change of share loads them again.
   */
  private void loadShards(CompressConfig c) {
    double fraction = ctx.config().train().validationFraction();
    if (fraction == 0) {
      fraction = c.fineTune().validationFraction();
    }
    if (shards != null && fraction != loadedFraction) {
      close();
      shards = null;
      validation = null;
    }
    if (shards == null) {
      String augmented = ctx.warehouse().augmented(ctx.runId()).toString();
      ctx.require(ctx.warehouse().augmented(ctx.runId()), "augmented data", AugmentStage.STAGE);
      trainer =
          new DistributedTrainer(
              ctx.spark(),
              ctx.modelSpec(),
              ctx.config().run().seed(),
              0,
              ctx.config().train().taskCpus());
      trainer.requireNormalisation(augmented, AugmentStage.normalisation(ctx));
      loadedFraction = fraction;
      ShardAssignment sharding = ShardAssignment.of(ctx.config());
      Set<Long> heldOut = trainer.validationRecords(augmented, fraction);
      shards = trainer.loadShards(augmented, sharding, heldOut);
      if (!heldOut.isEmpty()) {
        validation = trainer.loadValidation(augmented, sharding, heldOut);
        ctx.out()
            .printf(
                Locale.ROOT,
                "      fine-tuning validation split: %d records held out%n",
                heldOut.size());
      }
    }
  }

  /** Training's optimizer (SGD or Adam) and settings, at the fine-tuning rate. */
  private TrainParams params(double rate) {
    return TrainParams.fromConfig(ctx.config().train(), trainer.taskCpus()).withLearningRate(rate);
  }

  /**
   * From {@code c}'s fraction of training's initial rate down to training's final fraction of that,
   * on a cosine over {@code c}'s rounds: the network is trained already, so it starts where
   * training's own schedule was still gentle.
   */
  private LearningRateSchedule schedule(CompressConfig c) {
    TrainConfig t = ctx.config().train();
    double start = t.learningRate() * c.fineTune().learningRateFraction();
    return new LearningRateSchedule(start, t.finalLearningRateFraction(), c.fineTuneRounds());
  }

  /**
   * {@code sgd} validating every round on the split when there is one, with {@code c}'s patience.
   */
  private LocalSgd validated(LocalSgd sgd, ModelSpec student, CompressConfig c) {
    if (validation == null) {
      return sgd;
    }
    DistributedTrainer validator =
        new DistributedTrainer(ctx.spark(), student, ctx.config().run().seed());
    return sgd.withValidation(
        validator.validator(validation), new EarlyStopping(c.fineTune().patience(), 0));
  }

  /** Says how the variants of one kind fine-tune, so a run's log tells which settings applied. */
  private void printSettings(String kind, CompressConfig c) {
    ctx.out()
        .printf(
            Locale.ROOT,
            "      %s fine-tuning: %d rounds at most, from %s of the training rate, %s%n",
            kind,
            c.fineTuneRounds(),
            c.fineTune().learningRateFraction(),
            validation == null
                ? "no validation, last round kept"
                : "patience " + c.fineTune().patience() + ", best validated round kept");
  }

  /** The fp32 model as teacher, shipped once for a whole fine-tuning; null without distillation. */
  private Broadcast<Teacher> teacher(ModelWeights trained) {
    CompressConfig.FineTune f = ctx.config().compress().fineTune();
    if (!f.distill()) {
      return null;
    }
    Distillation d = new Distillation(f.temperature(), f.weight());
    return trainer.broadcast(new Teacher(ctx.modelSpec(), trained, d));
  }

  private static void destroy(Broadcast<Teacher> teacher) {
    if (teacher != null) {
      teacher.destroy();
    }
  }

  /**
   * Removes the filters and units of smallest L1 norm, then fine-tunes the narrower network with
   * the structured settings ({@link CompressConfig#forStructured()}), keeping the best validated
   * round.
   */
  Tuned narrow(ModelWeights trained, double fraction) {
    CompressConfig c = ctx.config().compress().forStructured();
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
      return new Tuned(result.weights(), 0, 0);
    }
    loadShards(c);
    printSettings("structured", c);
    Broadcast<Teacher> teacher = teacher(trained);
    DistributedTrainer.SparkRoundRunner runner =
        new DistributedTrainer(
                ctx.spark(), result.spec(), ctx.config().run().seed(), 0, trainer.taskCpus())
            .roundRunner(shards, WeightConstraint.NONE, teacher);
    try {
      LearningRateSchedule schedule = schedule(c);
      KeptRound kept =
          new KeptRound(
              progress("      struct %.0f%% round %d/%d: loss %.4f", fraction, rounds, r -> r + 1));
      LocalSgd sgd =
          validated(new LocalSgd(params(schedule.initial()), schedule), result.spec(), c);
      return kept.tuned(sgd.train(result.weights(), runner, kept));
    } finally {
      runner.release();
      destroy(teacher);
    }
  }

  /**
   * Gradual magnitude pruning to {@code sparsity}, one fine-tuning round per pruning step. With a
   * validation split the sparsity is reached after the first half of the rounds and the rest tune
   * at it, validated, keeping the best; without, every round is a pruning step and the last is
   * kept.
   */
  Tuned prune(ModelWeights trained, double sparsity) {
    CompressConfig c = ctx.config().compress();
    int rounds = c.fineTuneRounds();
    if (rounds == 0) {
      return new Tuned(
          MagnitudePruner.prune(trained, sparsity, c.exemptFirstLayer()).weights(), 0, 0);
    }
    loadShards(c);
    printSettings("unstructured", c);
    int steps = validation == null ? rounds : (rounds + 1) / 2;
    LearningRateSchedule schedule = schedule(c);
    Broadcast<Teacher> teacher = teacher(trained);
    KeptRound kept =
        new KeptRound(
            progress("      prune %.0f%% round %d/%d: loss %.4f", sparsity, rounds, r -> r + 1));
    Tuned[] last = new Tuned[1];
    try {
      MagnitudePruner.Result result =
          GradualPruning.run(
              trained,
              sparsity,
              steps,
              c.exemptFirstLayer(),
              (start, constraint, step) -> {
                DistributedTrainer.SparkRoundRunner runner =
                    trainer.roundRunner(shards, constraint, teacher);
                try {
                  // Rounds run step - 1 onwards of the one schedule: one round per earlier step,
                  // all the rest at the final sparsity.
                  LearningRateSchedule rest =
                      step < steps ? oneRound(schedule, step - 1) : schedule;
                  LocalSgd sgd = new LocalSgd(params(rest.initial()), rest, constraint);
                  LocalSgd.Outcome outcome =
                      step < steps
                          ? sgd.train(start, 0, runner, shifted(kept, step - 1))
                          : validated(sgd, ctx.modelSpec(), c)
                              .train(
                                  LocalSgd.Snapshot.start(start),
                                  step - 1,
                                  fromZero(runner, step - 1),
                                  kept);
                  last[0] = kept.tuned(outcome);
                  return outcome.weights();
                } finally {
                  runner.release();
                }
              });
      return new Tuned(result.weights(), last[0].roundsRun(), last[0].keptRound());
    } finally {
      destroy(teacher);
    }
  }

  /**
   * {@code runner} with round numbers counted from {@code first}: the shards see the rounds of a
   * training that starts there. Adam's moments restart at zero with each pruning step, and its bias
   * correction counts the steps from the round number, so it must count from that start too.
   */
  private static LocalSgd.RoundRunner fromZero(LocalSgd.RoundRunner runner, int first) {
    return new LocalSgd.RoundRunner() {
      @Override
      public WeightAverage run(int round, ModelWeights start, TrainParams params) {
        return runner.run(round - first, start, params);
      }

      @Override
      public RoundSum run(int round, TrainState start, TrainParams params) {
        return runner.run(round - first, start, params);
      }
    };
  }

  /** Round {@code round} of {@code schedule} alone, as a schedule of one round at its rate. */
  private static LearningRateSchedule oneRound(LearningRateSchedule schedule, int round) {
    return new LearningRateSchedule(schedule.rate(round), 1.0, 1);
  }

  /** {@code listener} told of a one-round schedule's round as round {@code round} of the whole. */
  private static LocalSgd.RoundListener shifted(KeptRound listener, int round) {
    return new LocalSgd.RoundListener() {
      @Override
      public void onRound(RoundResult r) {
        listener.onRound(
            new RoundResult(
                round,
                r.rounds(),
                r.learningRate(),
                r.trainLoss(),
                r.samples(),
                r.wallSeconds(),
                r.startedAtMs(),
                r.endedAtMs(),
                r.validationAccuracy(),
                r.validationSeconds(),
                r.computeSeconds()));
      }
    };
  }

  /** Passes every round on to a printer and remembers the best validated one, for the report. */
  static final class KeptRound implements LocalSgd.RoundListener {
    private final LocalSgd.RoundListener print;
    private int best = -1;

    KeptRound(LocalSgd.RoundListener print) {
      this.print = print;
    }

    @Override
    public void onRound(RoundResult r) {
      print.onRound(r);
    }

    @Override
    public void onSnapshot(RoundResult r, LocalSgd.Snapshot snapshot) {
      if (snapshot.best() != null) {
        best = snapshot.best().round();
      }
    }

    /** The outcome with the kept round: the best validated, or the last run. */
    Tuned tuned(LocalSgd.Outcome outcome) {
      int keptRound = best >= 0 ? best + 1 : outcome.roundsRun();
      return new Tuned(outcome.weights(), outcome.roundsRun(), keptRound);
    }
  }

  /**
   * Prints one line per fine-tuning round, with the validation accuracy when validated: {@code
   * format} takes the share in percent, the round number {@code number} gives for a 0-based round,
   * the total, and the loss.
   */
  private LocalSgd.RoundListener progress(
      String format, double share, int total, IntUnaryOperator number) {
    return new LocalSgd.RoundListener() {
      @Override
      public void onRound(RoundResult r) {
        String line =
            String.format(
                Locale.ROOT,
                format,
                100 * share,
                number.applyAsInt(r.round()),
                total,
                r.trainLoss());
        if (r.isValidated()) {
          line += String.format(Locale.ROOT, ", validation %.4f", r.validationAccuracy());
        }
        ctx.out().println(line);
      }
    };
  }

  @Override
  public void close() {
    if (shards != null) {
      shards.unpersist();
    }
    if (validation != null) {
      validation.unpersist();
    }
  }
}
