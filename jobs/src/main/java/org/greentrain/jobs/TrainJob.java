package org.greentrain.jobs;

import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.greentrain.config.TrainConfig;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.ModelWeightsCodec;
import org.greentrain.model.WeightInit;
import org.greentrain.train.DistributedTrainer;
import org.greentrain.train.LearningRateSchedule;
import org.greentrain.train.LocalSgd;
import org.greentrain.train.RoundPlan;
import org.greentrain.train.RoundResult;
import org.greentrain.train.ShardData;
import org.greentrain.train.TrainParams;

/** Stage 2: data-parallel local SGD over the augmented shards; writes the fp32 model. */
final class TrainJob {

  static final String STAGE = "train";

  private TrainJob() {}

  static StageOutcome run(RunContext ctx) {
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
      double[] lastLoss = {Double.NaN};
      ModelWeights weights =
          sgd.run(
              WeightInit.heUniform(spec, seed),
              trainer.roundRunner(shards),
              new LocalSgd.RoundListener() {
                @Override
                public void onRound(RoundResult r) {
                  lastLoss[0] = r.trainLoss();
                  ctx.out.printf(
                      Locale.ROOT,
                      "      round %d/%d: loss %.4f, lr %.4f, %d samples, %.1f s%n",
                      r.round() + 1, r.rounds(), r.trainLoss(), r.learningRate(), r.samples(),
                      r.wallSeconds());
                }
              });
      ctx.files.writeAtomically(
          ctx.warehouse.fp32Model(ctx.runId()), out -> ModelWeightsCodec.write(weights, out));
      long bytes = ctx.files.length(ctx.warehouse.fp32Model(ctx.runId()));
      return new StageOutcome(
          records, null, bytes, null,
          Map.of(
              "fp32_bytes", (double) bytes,
              "final_train_loss", lastLoss[0],
              "parameters", (double) weights.parameterCount()));
    } finally {
      shards.unpersist();
    }
  }
}
