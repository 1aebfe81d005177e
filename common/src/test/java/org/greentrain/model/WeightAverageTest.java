package org.greentrain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WeightAverageTest {

  private static ModelWeights weights(float w0, float w1, float b) {
    return new ModelWeights(
        List.of(
            new NamedTensor("w", new long[] {2, 1}, new float[] {w0, w1}),
            new NamedTensor("b", new long[] {1}, new float[] {b})));
  }

  @Test
  void averagesWeightedBySamples() {
    ModelWeights avg =
        new WeightAverage()
            .add(weights(1, 2, 3), 100, 50.0)
            .add(weights(4, 8, 0), 300, 30.0)
            .average();

    // (1*100 + 4*300) / 400 = 3.25, (2*100 + 8*300) / 400 = 6.5, (3*100) / 400 = 0.75
    assertThat(avg.tensors().get(0).values()).containsExactly(3.25f, 6.5f);
    assertThat(avg.tensors().get(1).values()).containsExactly(0.75f);
    assertThat(avg.tensors().get(0).shape()).containsExactly(2, 1);
  }

  @Test
  void mergingPartialSumsInAnyOrderGivesTheSameAverage() {
    WeightAverage left = new WeightAverage().add(weights(1, 2, 3), 10, 1.0);
    WeightAverage right =
        new WeightAverage().add(weights(5, 6, 7), 30, 3.0).add(weights(0, 1, 0), 60, 6.0);
    WeightAverage all =
        new WeightAverage()
            .add(weights(1, 2, 3), 10, 1.0)
            .add(weights(5, 6, 7), 30, 3.0)
            .add(weights(0, 1, 0), 60, 6.0);

    ModelWeights merged = new WeightAverage().merge(right).merge(left).average();

    assertThat(merged.tensors().get(0).values())
        .containsExactly(all.average().tensors().get(0).values());
    assertThat(new WeightAverage().merge(left).merge(right).samples()).isEqualTo(100);
    assertThat(all.meanLoss()).isEqualTo(0.1);
  }

  @Test
  void differentLayoutsAreRejectedWithTheTensorName() {
    WeightAverage avg = new WeightAverage().add(weights(1, 2, 3), 1, 0);
    ModelWeights other =
        new ModelWeights(
            List.of(
                new NamedTensor("v", new long[] {2}, new float[] {1, 2}),
                new NamedTensor("b", new long[] {1}, new float[] {0})));

    assertThatThrownBy(() -> avg.add(other, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot average weights: tensor 0 is v, expected w");
  }

  @Test
  void averagingNothingIsAnError() {
    assertThatThrownBy(() -> new WeightAverage().average())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot average weights: no shard reported any samples");
    assertThatThrownBy(() -> new WeightAverage().add(weights(1, 2, 3), 0, 0))
        .hasMessage("Invalid shard sample count: 0");
  }
}
