package org.greentrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.WeightInit;
import org.greentrain.runtime.ShardData;
import org.junit.jupiter.api.Test;

class AdamTest {

  private static final ModelSpec MLP = new ModelSpec("mlp", 1, 28, 28, 4);
  private static final ShardData SHARD = SyntheticShards.bands(128, 4, 1);

  @Test
  void firstStepMovesEveryWeightWithAGradientByTheLearningRate() {
    ModelWeights start = WeightInit.heUniform(MLP, 5);
    TrainParams oneStep = TrainParams.adam(32, 0.01, 0, 1, 1, 0.9, 0.999, 1e-8);

    ShardUpdate u = new ShardTrainer(MLP, Device.cpu()).train(start, SHARD, oneStep, 5, 0, 0);

    // Bias-corrected, the first step is lr * g / (|g| + eps): lr wherever g is not tiny.
    int moved = 0;
    for (int t = 0; t < start.tensors().size(); t++) {
      float[] before = start.tensors().get(t).values();
      float[] after = u.weights().tensors().get(t).values();
      float[] m = u.moments().tensors().get(t).values();
      float[] v = u.moments().tensors().get(start.tensors().size() + t).values();
      for (int i = 0; i < before.length; i++) {
        double g = m[i] / 0.1;
        // m = (1 - b1) g and v = (1 - b2) g^2, so v = m^2 / 10.
        assertThat((double) v[i]).isCloseTo(m[i] * (double) m[i] / 0.1 * 0.001 / 0.1, within(1e-9));
        if (Math.abs(g) > 1e-4) {
          assertThat((double) before[i] - after[i]).isCloseTo(0.01 * Math.signum(g), within(1e-5));
          moved++;
        }
      }
    }
    assertThat(moved).isGreaterThan(1000);
    assertThat(u.moments().tensors().get(0).name())
        .isEqualTo("adam.m." + start.tensors().get(0).name());
  }

  @Test
  void decoupledWeightDecayShrinksWeightsBesidesTheAdamStep() {
    ModelWeights start = WeightInit.heUniform(MLP, 5);
    TrainParams plain = TrainParams.adam(32, 0.01, 0, 1, 1, 0.9, 0.999, 1e-8);
    TrainParams decayed = TrainParams.adam(32, 0.01, 0.5, 1, 1, 0.9, 0.999, 1e-8);
    ShardTrainer trainer = new ShardTrainer(MLP, Device.cpu());

    float[] w0 = start.tensors().get(0).values();
    float[] a = trainer.train(start, SHARD, plain, 5, 0, 0).weights().tensors().get(0).values();
    float[] b = trainer.train(start, SHARD, decayed, 5, 0, 0).weights().tensors().get(0).values();

    for (int i = 0; i < w0.length; i += 97) {
      assertThat((double) a[i] - b[i]).isCloseTo(0.01 * 0.5 * w0[i], within(1e-6));
    }
  }

  @Test
  void momentsCarryAcrossRoundsAndResumingFromASnapshotIsBitIdentical() {
    TrainParams adam = TrainParams.adam(16, 0.005, 1e-4, 3, 1, 0.9, 0.999, 1e-8);
    LocalSgd sgd = new LocalSgd(adam, new LearningRateSchedule(0.005, 0.1, 4, 1));
    List<ShardData> shards =
        List.of(SyntheticShards.bands(96, 4, 1), SyntheticShards.bands(64, 4, 2));
    LocalSgd.RoundRunner runner = new InMemoryRunner(MLP, shards, 11);
    ModelWeights init = WeightInit.heUniform(MLP, 2);
    List<LocalSgd.Snapshot> snapshots = new ArrayList<>();

    ModelWeights straight =
        sgd.train(
                init,
                runner,
                new LocalSgd.RoundListener() {
                  @Override
                  public void onSnapshot(RoundResult r, LocalSgd.Snapshot s) {
                    snapshots.add(s);
                  }
                })
            .weights();
    ModelWeights resumed =
        sgd.train(snapshots.get(1), 2, runner, new LocalSgd.RoundListener() {}).weights();
    // Without the moments the third and fourth rounds start differently.
    ModelWeights forgetful =
        sgd.train(
                LocalSgd.Snapshot.start(snapshots.get(1).state().weights()),
                2,
                runner,
                new LocalSgd.RoundListener() {})
            .weights();

    assertThat(snapshots.get(1).state().hasMoments()).isTrue();
    SameWeights.assertSame(resumed, straight);
    assertThat(SameWeights.same(forgetful, straight)).isFalse();
  }
}
