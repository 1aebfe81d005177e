package org.greentrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.NamedTensor;
import org.greentrain.model.WeightAverage;
import org.greentrain.model.WeightInit;
import org.greentrain.runtime.ShardData;
import org.junit.jupiter.api.Test;

class LocalSgdTest {

  private static final ModelSpec MLP = new ModelSpec("mlp", 1, 28, 28, 4);

  @Test
  void roundsAverageShardsAndFollowTheSchedule() {
    List<ShardData> shards =
        List.of(SyntheticShards.bands(200, 4, 1), SyntheticShards.bands(100, 4, 2));
    ShardTrainer trainer = new ShardTrainer(MLP, Device.cpu());
    LocalSgd.RoundRunner inMemory =
        (round, start, params) -> {
          WeightAverage sum = new WeightAverage();
          for (int p = 0; p < shards.size(); p++) {
            ShardUpdate u = trainer.train(start, shards.get(p), params, 9, round, p);
            sum.add(u.weights(), u.samples(), u.lossSum());
          }
          return sum;
        };
    List<RoundResult> rounds = new ArrayList<>();
    LocalSgd sgd =
        new LocalSgd(
            new TrainParams(20, 0.05, 0.9, 0, 0, 1), new LearningRateSchedule(0.05, 0.1, 3));

    sgd.run(
        WeightInit.heUniform(MLP, 1),
        inMemory,
        new LocalSgd.RoundListener() {
          @Override
          public void onRound(RoundResult r) {
            rounds.add(r);
          }
        });

    assertThat(rounds).extracting(RoundResult::round).containsExactly(0, 1, 2);
    assertThat(rounds)
        .extracting(RoundResult::learningRate)
        .containsExactly(0.05, 0.0275, 0.005000000000000001);
    assertThat(rounds).extracting(RoundResult::samples).containsOnly(300L);
    assertThat(rounds.get(2).trainLoss()).isLessThan(rounds.get(0).trainLoss());
  }

  @Test
  void aListenerCanStopTrainingAfterARoundWithAReason() {
    ModelWeights start = WeightInit.heUniform(MLP, 1);
    LocalSgd.RoundRunner identity = (round, w, params) -> new WeightAverage().add(w, 1, 0.5);
    LocalSgd sgd =
        new LocalSgd(
            new TrainParams(20, 0.05, 0.9, 0, 0, 1), new LearningRateSchedule(0.05, 0.1, 5));

    LocalSgd.Outcome outcome =
        sgd.train(
            start,
            identity,
            new LocalSgd.RoundListener() {
              @Override
              public java.util.Optional<String> stopAfter(RoundResult r) {
                return r.round() == 1
                    ? java.util.Optional.of("enough")
                    : java.util.Optional.empty();
              }
            });

    assertThat(outcome.roundsRun()).isEqualTo(2);
    assertThat(outcome.stopReason()).hasValue("enough");
    LocalSgd.Outcome full = sgd.train(start, identity, new LocalSgd.RoundListener() {});
    assertThat(full.roundsRun()).isEqualTo(5);
    assertThat(full.stopReason()).isEmpty();
  }

  @Test
  void nonFiniteAveragedWeightsFailTheRunNamingTheRound() {
    ModelWeights start = WeightInit.heUniform(MLP, 1);
    LocalSgd.RoundRunner poisoned =
        (round, w, params) -> {
          List<NamedTensor> bad = new ArrayList<>();
          for (NamedTensor t : w.tensors()) {
            float[] v = Arrays.copyOf(t.values(), t.size());
            v[0] = round == 1 ? Float.NaN : v[0];
            bad.add(new NamedTensor(t.name(), t.shape(), v));
          }
          return new WeightAverage().add(new ModelWeights(bad), 1, 0);
        };
    LocalSgd sgd =
        new LocalSgd(
            new TrainParams(20, 0.05, 0.9, 0, 0, 1), new LearningRateSchedule(0.05, 0.1, 3));

    assertThatThrownBy(() -> sgd.run(start, poisoned, new LocalSgd.RoundListener() {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Training diverged")
        .hasMessageContaining("after round 1");
  }
}
