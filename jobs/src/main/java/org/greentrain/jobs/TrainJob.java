package org.greentrain.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.greentrain.config.TrainConfig;
import org.greentrain.energy.spark.EnergyDriverPlugin;
import org.greentrain.model.BatchNormFolding;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.ModelWeightsCodec;
import org.greentrain.model.NamedTensor;
import org.greentrain.model.WeightInit;
import org.greentrain.pipeline.RunContext;
import org.greentrain.pipeline.StageOutcome;
import org.greentrain.store.TrainingRound;
import org.greentrain.store.TrainingRoundsTable;
import org.greentrain.train.DistributedTrainer;
import org.greentrain.train.EarlyStopping;
import org.greentrain.train.EnergyBudget;
import org.greentrain.train.LearningRateSchedule;
import org.greentrain.train.LocalSgd;
import org.greentrain.train.Optimizer;
import org.greentrain.train.RoundPlan;
import org.greentrain.train.ShardData;
import org.greentrain.train.TrainParams;
import org.greentrain.train.WeightConstraint;

/** Stage 2: data-parallel local SGD over the augmented shards; writes the fp32 model. */
final class TrainJob {

  static final String STAGE = "train";

  private TrainJob() {}

  static StageOutcome run(RunContext ctx) {
    return run(ctx, false);
  }

  /**
   * @param resume continue from the run's latest checkpoint instead of starting afresh
   */
  static StageOutcome run(RunContext ctx, boolean resume) {
    String augmented = ctx.warehouse().augmented(ctx.runId()).toString();
    ctx.require(ctx.warehouse().augmented(ctx.runId()), "augmented data", AugmentJob.STAGE);
    TrainConfig t = ctx.config().train();
    // With train.batch-norm the network trains with normalisation layers that are folded away
    // at the end: the model written below always has the plain architecture.
    ModelSpec spec = ctx.modelSpec().withBatchNorm(t.batchNorm());
    long seed = ctx.config().run().seed();
    DistributedTrainer trainer = new DistributedTrainer(ctx.spark(), spec, seed);
    int shardCount = ctx.config().augment().shards();
    trainer.requireNormalisation(augmented, AugmentJob.normalisation(ctx.config()));
    Set<Long> heldOut = trainer.validationRecords(augmented, t.validationFraction());
    JavaRDD<ShardData> shards = trainer.loadShards(augmented, shardCount, heldOut);
    JavaRDD<ShardData> validation =
        heldOut.isEmpty() ? null : trainer.loadValidation(augmented, shardCount, heldOut);
    DistributedTrainer.SparkRoundRunner runner = null;
    try {
      java.util.List<Integer> sizes = shards.map(ShardData::count).collect();
      long records = sizes.stream().mapToLong(Integer::longValue).sum();
      int rounds =
          RoundPlan.rounds(
              t.epochs(),
              t.rounds(),
              java.util.Collections.max(sizes),
              t.localSteps(),
              t.batchSize());
      int taskCpus = Integer.parseInt(ctx.spark().conf().get("spark.task.cpus", "1"));
      LocalSgd sgd =
          new LocalSgd(
              params(t, taskCpus),
              new LearningRateSchedule(
                  t.learningRate(),
                  t.finalLearningRateFraction(),
                  rounds,
                  LearningRateSchedule.warmupRounds(t.warmupEpochs(), t.epochs(), rounds)));
      if (validation != null) {
        sgd =
            sgd.withValidation(
                trainer.validator(validation),
                new EarlyStopping(t.earlyStoppingPatience(), t.earlyStoppingMinDelta()));
        ctx.out()
            .printf(
                Locale.ROOT,
                "      validation split: %d records held out of training%n",
                heldOut.size());
      }
      Checkpoints checkpoints = new Checkpoints(ctx);
      LocalSgd.Snapshot start = LocalSgd.Snapshot.start(WeightInit.heUniform(spec, seed));
      int firstRound = 0;
      if (resume) {
        Checkpoints.Saved latest =
            checkpoints
                .latest()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "Cannot resume training of run "
                                + ctx.runId()
                                + ": no checkpoint at "
                                + ctx.warehouse().checkpoints(ctx.runId())));
        if (latest.checkpoint().roundsPlanned() != rounds) {
          throw new IllegalArgumentException(
              "Cannot resume training of run "
                  + ctx.runId()
                  + ": its checkpoint planned "
                  + latest.checkpoint().roundsPlanned()
                  + " rounds, the config now plans "
                  + rounds);
        }
        requireSameLayout(latest.snapshot().state().weights(), start.state().weights(), ctx);
        start = latest.snapshot();
        firstRound = latest.checkpoint().roundsDone();
        ctx.out().printf(Locale.ROOT, "      resuming after round %d of %d%n", firstRound, rounds);
      } else {
        checkpoints.clear();
      }
      EnergyDriverPlugin plugin = EnergyDriverPlugin.active();
      RoundProgress progress =
          new RoundProgress(
              ctx.out(),
              new EnergyBudget(t.energyBudgetKwh() * 3.6e6, rounds - firstRound),
              plugin,
              System.currentTimeMillis(),
              checkpoints,
              t.checkpointEvery());
      runner = trainer.roundRunner(shards, WeightConstraint.NONE);
      LocalSgd.Outcome outcome = sgd.train(start, firstRound, runner, progress);
      outcome
          .stopReason()
          .filter(reason -> reason.startsWith("early stopping"))
          .ifPresent(reason -> ctx.out().println("      " + reason));
      ModelWeights weights = BatchNormFolding.toPlain(spec, outcome.weights());
      if (spec.batchNorm()) {
        ctx.out()
            .printf(
                Locale.ROOT,
                "      batch normalisation folded into the layers before it: %d"
                    + " parameters, %d before%n",
                weights.parameterCount(),
                outcome.weights().parameterCount());
      }
      if (plugin != null) {
        awaitWindows(plugin, System.currentTimeMillis());
      }
      List<TrainingRound> trained = progress.rounds();
      new TrainingRoundsTable(ctx.spark(), ctx.warehouse()).write(ctx.run(), trained, firstRound);
      ctx.files()
          .writeAtomically(
              ctx.warehouse().fp32Model(ctx.runId()), out -> ModelWeightsCodec.write(weights, out));
      long bytes = ctx.files().length(ctx.warehouse().fp32Model(ctx.runId()));
      Map<String, Double> metrics = new LinkedHashMap<>();
      metrics.put("fp32_bytes", (double) bytes);
      if (!trained.isEmpty()) {
        metrics.put("final_train_loss", trained.get(trained.size() - 1).trainLoss());
      }
      metrics.put("parameters", (double) weights.parameterCount());
      metrics.put("rounds_planned", (double) rounds);
      metrics.put("rounds_run", (double) outcome.roundsRun());
      metrics.put("first_round", (double) firstRound);
      if (validation != null) {
        metrics.put("validation_records", (double) heldOut.size());
        trained.stream()
            .mapToDouble(r -> r.validationAccuracy() == null ? 0 : r.validationAccuracy())
            .max()
            .ifPresent(best -> metrics.put("best_validation_accuracy", best));
      }
      progress.predictedKwh().ifPresent(kwh -> metrics.put("predicted_training_kwh", kwh));
      return new StageOutcome(records, null, bytes, null, metrics, outcome.stopReason().orElse(""));
    } finally {
      if (runner != null) {
        runner.release();
      }
      shards.unpersist();
      if (validation != null) {
        validation.unpersist();
      }
    }
  }

  /**
   * Fails unless a checkpoint's tensors are those of the network the config trains: resuming with
   * another train.model or train.batch-norm would otherwise fail in every Spark task.
   */
  private static void requireSameLayout(
      ModelWeights checkpoint, ModelWeights network, RunContext ctx) {
    List<String> saved = checkpoint.tensors().stream().map(NamedTensor::name).toList();
    List<String> wanted = network.tensors().stream().map(NamedTensor::name).toList();
    if (!saved.equals(wanted)) {
      throw new IllegalArgumentException(
          "Cannot resume training of run "
              + ctx.runId()
              + ": its checkpoint holds "
              + saved.size()
              + " tensors, the network of this config (train.model="
              + ctx.config().train().model()
              + ", train.batch-norm="
              + ctx.config().train().batchNorm()
              + ") has "
              + wanted.size()
              + "; resume with the config the run started with");
    }
  }

  /** The local optimizer's parameters from the config, one PyTorch thread per task CPU. */
  static TrainParams params(TrainConfig t, int taskCpus) {
    return new TrainParams(
        t.batchSize(),
        t.learningRate(),
        t.momentum(),
        t.weightDecay(),
        t.localSteps(),
        taskCpus,
        Optimizer.parse(t.optimizer()),
        t.adamBeta1(),
        t.adamBeta2(),
        t.adamEpsilon(),
        t.dropout(),
        t.labelSmoothing());
  }

  private static void awaitWindows(EnergyDriverPlugin plugin, long untilMs) {
    try {
      plugin.awaitWindowsUntil(untilMs, 3 * plugin.sampleIntervalMs() + 2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
