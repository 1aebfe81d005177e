package org.greentrain.train;

import ai.djl.Device;
import java.util.List;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.WeightAverage;
import org.greentrain.runtime.ShardData;
import org.greentrain.runtime.WeightConstraint;

/** Runs every shard of a round in turn on the calling thread, with the full training state. */
final class InMemoryRunner implements LocalSgd.RoundRunner {

  private final ModelSpec spec;
  private final List<ShardData> shards;
  private final long seed;

  InMemoryRunner(ModelSpec spec, List<ShardData> shards, long seed) {
    this.spec = spec;
    this.shards = shards;
    this.seed = seed;
  }

  @Override
  public WeightAverage run(int round, ModelWeights start, TrainParams params) {
    return run(round, TrainState.of(start), params).weights();
  }

  @Override
  public RoundSum run(int round, TrainState start, TrainParams params) {
    ShardTrainer trainer = new ShardTrainer(spec, Device.cpu());
    RoundSum sum = new RoundSum();
    for (int p = 0; p < shards.size(); p++) {
      try (ShardModel model = new ShardModel(spec, Device.cpu())) {
        sum.add(
            trainer.train(
                model, start, shards.get(p), params, seed, round, p, WeightConstraint.NONE));
      }
    }
    return sum;
  }
}
