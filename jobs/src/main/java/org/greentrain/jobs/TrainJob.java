package org.greentrain.jobs;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.greentrain.config.TrainConfig;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.ModelWeightsCodec;
import org.greentrain.model.WeightInit;
import org.greentrain.store.TrainingRound;
import org.greentrain.store.TrainingRoundsTable;
import org.greentrain.energy.spark.EnergyDriverPlugin;
import org.greentrain.train.DistributedTrainer;
import org.greentrain.train.LearningRateSchedule;
import org.greentrain.train.LocalSgd;
import org.greentrain.train.RoundPlan;
import org.greentrain.train.EnergyBudget;
import org.greentrain.train.ShardData;
import org.greentrain.train.TrainParams;

/** Stage 2: data-parallel local SGD over the augmented shards; writes the fp32 model. */
final class TrainJob {

  static final String STAGE = "train";

  private TrainJob() {}

  static StageOutcome run(RunContext ctx) {
    return run(ctx, false);
  }

  /** @param resume continue from the run's latest checkpoint instead of starting afresh */
  static StageOutcome run(RunContext ctx, boolean resume) {
    String augmented = ctx.warehouse.augmented(ctx.runId()).toString();
    ctx.require(ctx.warehouse.augmented(ctx.runId()), "augmented data", AugmentJob.STAGE);
    TrainConfig t = ctx.config.train();
    ModelSpec spec = ctx.modelSpec();
    long seed = ctx.config.run().seed();
    DistributedTrainer trainer = new DistributedTrainer(ctx.spark, spec, seed);
    JavaRDD<ShardData> shards = trainer.loadShards(augmented, ctx.config.augment().shards());
    try {
      java.util.List<Integer> sizes = shards.map(ShardData::count).collect();
      long records = sizes.stream().mapToLong(Integer::longValue).sum();
      int rounds =
          RoundPlan.rounds(
              t.epochs(), t.rounds(), java.util.Collections.max(sizes), t.localSteps(),
              t.batchSize());
      int taskCpus = Integer.parseInt(ctx.spark.conf().get("spark.task.cpus", "1"));
      TrainParams params =
          new TrainParams(
              t.batchSize(), t.learningRate(), t.momentum(), t.weightDecay(), t.localSteps(),
              taskCpus);
      LocalSgd sgd =
          new LocalSgd(
              params,
              new LearningRateSchedule(t.learningRate(), t.finalLearningRateFraction(), rounds));
      Checkpoints checkpoints = new Checkpoints(ctx);
      ModelWeights start = WeightInit.heUniform(spec, seed);
      int firstRound = 0;
      if (resume) {
        Map.Entry<Checkpoints.Checkpoint, ModelWeights> latest =
            checkpoints.latest().orElseThrow(() -> new IllegalArgumentException(
                "Cannot resume training of run " + ctx.runId() + ": no checkpoint at "
                    + ctx.warehouse.checkpoints(ctx.runId())));
        if (latest.getKey().roundsPlanned() != rounds) {
          throw new IllegalArgumentException(
              "Cannot resume training of run " + ctx.runId() + ": its checkpoint planned "
                  + latest.getKey().roundsPlanned() + " rounds, the config now plans " + rounds);
        }
        start = latest.getValue();
        firstRound = latest.getKey().roundsDone();
        ctx.out.printf(Locale.ROOT, "      resuming after round %d of %d%n", firstRound, rounds);
      } else {
        checkpoints.clear();
      }
      EnergyDriverPlugin plugin = EnergyDriverPlugin.active();
      RoundProgress progress =
          new RoundProgress(
              ctx.out, new EnergyBudget(t.energyBudgetKwh() * 3.6e6, rounds - firstRound),
              plugin, System.currentTimeMillis(), checkpoints, t.checkpointEvery());
      LocalSgd.Outcome outcome =
          sgd.train(start, firstRound, trainer.roundRunner(shards), progress);
      ModelWeights weights = outcome.weights();
      if (plugin != null) {
        awaitWindows(plugin, System.currentTimeMillis());
      }
      List<TrainingRound> trained = progress.rounds();
      new TrainingRoundsTable(ctx.spark, ctx.warehouse).write(ctx.run, trained, firstRound);
      ctx.files.writeAtomically(
          ctx.warehouse.fp32Model(ctx.runId()), out -> ModelWeightsCodec.write(weights, out));
      long bytes = ctx.files.length(ctx.warehouse.fp32Model(ctx.runId()));
      Map<String, Double> metrics = new LinkedHashMap<>();
      metrics.put("fp32_bytes", (double) bytes);
      if (!trained.isEmpty()) {
        metrics.put("final_train_loss", trained.get(trained.size() - 1).trainLoss());
      }
      metrics.put("parameters", (double) weights.parameterCount());
      metrics.put("rounds_planned", (double) rounds);
      metrics.put("rounds_run", (double) outcome.roundsRun());
      metrics.put("first_round", (double) firstRound);
      progress.predictedKwh().ifPresent(kwh -> metrics.put("predicted_training_kwh", kwh));
      return new StageOutcome(
          records, null, bytes, null, metrics, outcome.stopReason().orElse(""));
    } finally {
      shards.unpersist();
    }
  }

  private static void awaitWindows(EnergyDriverPlugin plugin, long untilMs) {
    try {
      plugin.awaitWindowsUntil(untilMs, 3 * plugin.sampleIntervalMs() + 2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
