package org.greentrain.compress;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.util.List;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.NamedTensor;
import org.greentrain.model.WeightAverage;
import org.greentrain.model.WeightInit;
import org.greentrain.runtime.ShardData;
import org.greentrain.runtime.WeightConstraint;
import org.greentrain.train.LearningRateSchedule;
import org.greentrain.train.LocalSgd;
import org.greentrain.train.ShardTrainer;
import org.greentrain.train.ShardUpdate;
import org.greentrain.train.SyntheticShards;
import org.greentrain.train.TrainParams;
import org.junit.jupiter.api.Test;

class PrunedFineTuningTest {

  private static final ModelSpec MLP = new ModelSpec("mlp", 1, 28, 28, 4);
  private static final TrainParams PARAMS = new TrainParams(32, 0.05, 0.9, 1e-4, 6, 1);
  private static final List<ShardData> SHARDS =
      List.of(SyntheticShards.bands(128, 4, 1), SyntheticShards.bands(96, 4, 2));

  @Test
  void prunedPositionsStayExactlyZeroThroughLocalStepsAndAveraging() {
    MagnitudePruner.Result pruned = MagnitudePruner.prune(WeightInit.heUniform(MLP, 3), 0.8);
    WeightConstraint constraint = pruned.mask().asConstraint();

    ModelWeights tuned = fineTune(pruned.weights(), constraint);

    PruningMask mask = pruned.mask();
    long changed = 0;
    for (int t = 0; t < mask.tensorCount(); t++) {
      float[] before = pruned.weights().tensors().get(t).values();
      float[] after = tuned.tensors().get(t).values();
      for (int i = 0; i < after.length; i++) {
        if (mask.isPruned(t, i)) {
          assertThat(after[i]).as("tensor %d index %d", t, i).isEqualTo(0f);
        } else if (after[i] != before[i]) {
          changed++;
        }
      }
    }
    assertThat(changed).isGreaterThan(tuned.parameterCount() / 10);
    assertThat(tuned.nonZeroCount())
        .isLessThanOrEqualTo(tuned.parameterCount() - mask.prunedCount());
  }

  @Test
  void withoutTheConstraintFineTuningRevivesPrunedWeights() {
    MagnitudePruner.Result pruned = MagnitudePruner.prune(WeightInit.heUniform(MLP, 3), 0.8);

    ModelWeights tuned = fineTune(pruned.weights(), WeightConstraint.NONE);

    assertThat(tuned.nonZeroCount()).isGreaterThan(pruned.weights().nonZeroCount());
  }

  @Test
  void inPlaceMaskingOfASingleShardKeepsZeros() {
    MagnitudePruner.Result pruned = MagnitudePruner.prune(WeightInit.heUniform(MLP, 4), 0.5);

    ShardUpdate update =
        new ShardTrainer(MLP, Device.cpu())
            .train(pruned.weights(), SHARDS.get(0), PARAMS, 1, 0, 0, pruned.mask().asConstraint());

    NamedTensor dense = update.weights().tensors().get(0);
    for (int i = 0; i < dense.size(); i++) {
      if (pruned.mask().isPruned(0, i)) {
        assertThat(dense.values()[i]).as("index %d", i).isEqualTo(0f);
      }
    }
  }

  private static ModelWeights fineTune(ModelWeights start, WeightConstraint constraint) {
    ShardTrainer trainer = new ShardTrainer(MLP, Device.cpu());
    LocalSgd.RoundRunner inMemory =
        (round, weights, params) -> {
          WeightAverage sum = new WeightAverage();
          for (int p = 0; p < SHARDS.size(); p++) {
            ShardUpdate u = trainer.train(weights, SHARDS.get(p), params, 9, round, p, constraint);
            sum.add(u.weights(), u.samples(), u.lossSum());
          }
          return sum;
        };
    LocalSgd sgd = new LocalSgd(PARAMS, new LearningRateSchedule(0.05, 0.1, 2), constraint);
    return sgd.run(start, inMemory, new LocalSgd.RoundListener() {});
  }
}
