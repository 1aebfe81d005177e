package org.greentrain.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.NamedTensor;
import org.greentrain.model.TestWeights;
import org.junit.jupiter.api.Test;

class MagnitudePrunerTest {

  /** Two weight tensors with magnitudes 1..8 and 9..16, and two biases of small values. */
  private static ModelWeights ladder() {
    return new ModelWeights(
        List.of(
            new NamedTensor(
                "a.weight", new long[] {2, 4}, new float[] {1, -2, 3, -4, 5, -6, 7, -8}),
            new NamedTensor("a.bias", new long[] {2}, new float[] {0.001f, -0.002f}),
            new NamedTensor(
                "b.weight", new long[] {2, 4}, new float[] {-9, 10, -11, 12, -13, 14, -15, 16}),
            new NamedTensor("b.bias", new long[] {2}, new float[] {0.003f, 0f})));
  }

  @Test
  void removesTheSmallestWeightsAcrossAllLayersToTheExactSparsity() {
    MagnitudePruner.Result result = MagnitudePruner.prune(ladder(), 0.75);

    // 12 of 16 weights go: 1..8 in a, 9..12 in b.
    assertThat(values(result, 0)).containsExactly(0, 0, 0, 0, 0, 0, 0, 0);
    assertThat(values(result, 2)).containsExactly(0, 0, 0, 0, -13, 14, -15, 16);
    assertThat(result.mask().prunedCount()).isEqualTo(12);
    assertThat(result.mask().prunedCount(0)).isEqualTo(8);
    assertThat(result.mask().prunedCount(2)).isEqualTo(4);
    assertThat(result.weights().nonZeroCount()).isEqualTo(4 + 3);
  }

  @Test
  void neverPrunesBiasesEvenWhenTheyAreTheSmallestValues() {
    MagnitudePruner.Result result = MagnitudePruner.prune(ladder(), 0.5);

    assertThat(values(result, 1)).containsExactly(0.001f, -0.002f);
    assertThat(values(result, 3)).containsExactly(0.003f, 0f);
    assertThat(result.mask().prunedCount(1)).isZero();
    assertThat(result.mask().prunedCount(3)).isZero();
    assertThat(result.mask().keepMultiplier(1)).isNull();
  }

  @Test
  void exemptedFirstLayerStaysWholeAndTheRestReachesTheSparsity() {
    MagnitudePruner.Result result = MagnitudePruner.prune(ladder(), 0.5, true);

    assertThat(values(result, 0)).containsExactly(1, -2, 3, -4, 5, -6, 7, -8);
    assertThat(values(result, 2)).containsExactly(0, 0, 0, 0, -13, 14, -15, 16);
    assertThat(result.mask().prunedCount()).isEqualTo(4);
  }

  @Test
  void tiesAtTheThresholdArePrunedInModelOrder() {
    ModelWeights equal =
        new ModelWeights(
            List.of(
                new NamedTensor(
                    "a.weight", new long[] {2, 2}, new float[] {0.5f, -0.5f, 0.5f, 0.5f}),
                new NamedTensor(
                    "b.weight", new long[] {2, 2}, new float[] {-0.5f, 0.5f, 0.5f, 2f})));

    MagnitudePruner.Result first = MagnitudePruner.prune(equal, 0.375);
    MagnitudePruner.Result second = MagnitudePruner.prune(equal, 0.375);

    assertThat(values(first, 0)).containsExactly(0, 0, 0, 0.5f);
    assertThat(values(first, 1)).containsExactly(-0.5f, 0.5f, 0.5f, 2f);
    assertThat(values(second, 0)).containsExactly(values(first, 0));
  }

  @Test
  void keepMultiplierMarksPrunedPositionsWithZero() {
    PruningMask mask = MagnitudePruner.prune(ladder(), 0.25).mask();

    assertThat(mask.keepMultiplier(0)).containsExactly(0, 0, 0, 0, 1, 1, 1, 1);
    assertThat(mask.isPruned(0, 3)).isTrue();
    assertThat(mask.isPruned(0, 4)).isFalse();
    assertThat(mask.keepMultiplier(2)).isNull();
  }

  @Test
  void roundsTheNumberOfPrunedWeightsToTheNearest() {
    ModelWeights net = TestWeights.smallNet(5);
    long prunable = 8 * 3 * 3 * 3 + 10 * 120;

    MagnitudePruner.Result result = MagnitudePruner.prune(net, 0.8);

    assertThat(result.mask().prunedCount()).isEqualTo(Math.round(0.8 * prunable));
    assertThat(result.mask().apply(result.weights()).tensors().get(2).values())
        .containsExactly(values(result, 2));
  }

  @Test
  void applyingTheMaskToOtherWeightsZeroesTheSamePositions() {
    PruningMask mask = MagnitudePruner.prune(ladder(), 0.25).mask();
    ModelWeights ones =
        new ModelWeights(
            List.of(
                new NamedTensor(
                    "a.weight", new long[] {2, 4}, new float[] {1, 1, 1, 1, 1, 1, 1, 1}),
                new NamedTensor("a.bias", new long[] {2}, new float[] {1, 1}),
                new NamedTensor(
                    "b.weight", new long[] {2, 4}, new float[] {1, 1, 1, 1, 1, 1, 1, 1}),
                new NamedTensor("b.bias", new long[] {2}, new float[] {1, 1})));

    assertThat(mask.apply(ones).tensors().get(0).values()).containsExactly(0, 0, 0, 0, 1, 1, 1, 1);
  }

  @Test
  void maskRefusesWeightsOfAnotherModel() {
    PruningMask mask = MagnitudePruner.prune(ladder(), 0.25).mask();

    assertThatThrownBy(() -> mask.apply(TestWeights.smallNet(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot apply pruning mask: tensor 0 is a.weight with 8 values in the mask"
                + " but conv1.weight with 216 values in the weights");
  }

  @Test
  void refusesSparsityOutsideTheUnitInterval() {
    for (double bad : new double[] {-0.1, 1.0, Double.NaN}) {
      assertThatThrownBy(() -> MagnitudePruner.prune(ladder(), bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Cannot prune model: sparsity must be in [0, 1), got " + bad);
    }
  }

  @Test
  void refusesNonFiniteWeightsNamingTheTensor() {
    ModelWeights broken =
        new ModelWeights(
            List.of(new NamedTensor("w", new long[] {1, 2}, new float[] {1f, Float.NaN})));

    assertThatThrownBy(() -> MagnitudePruner.prune(broken, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot prune tensor w: value at index 1 is NaN");
  }

  @Test
  void cubicScheduleRisesFromZeroToTheTarget() {
    PruningSchedule schedule = new PruningSchedule(0.8, 4);

    assertThat(schedule.sparsityAt(0)).isZero();
    assertThat(schedule.sparsityAt(1)).isCloseTo(0.8 * (1 - 0.421875), within(1e-12));
    assertThat(schedule.sparsityAt(2)).isCloseTo(0.7, within(1e-12));
    assertThat(schedule.sparsityAt(3)).isCloseTo(0.8 * (1 - 0.015625), within(1e-12));
    assertThat(schedule.sparsityAt(4)).isEqualTo(0.8);
  }

  @Test
  void scheduleRefusesBadArguments() {
    assertThatThrownBy(() -> new PruningSchedule(0.8, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid pruning schedule: steps must be at least 1, got 0");
    assertThatThrownBy(() -> new PruningSchedule(1.2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid pruning schedule: target sparsity must be in [0, 1), got 1.2");
    assertThatThrownBy(() -> new PruningSchedule(0.5, 3).sparsityAt(4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot compute pruning sparsity: step 4 is outside [0, 3]");
  }

  @Test
  void gradualPruningKeepsEarlierPrunedPositions() {
    ModelWeights net = TestWeights.smallNet(9);
    PruningSchedule schedule = new PruningSchedule(0.8, 3);
    MagnitudePruner.Result previous = MagnitudePruner.prune(net, schedule.sparsityAt(1));

    MagnitudePruner.Result next = MagnitudePruner.prune(previous.weights(), schedule.sparsityAt(2));

    for (int t = 0; t < net.tensors().size(); t++) {
      for (int i = 0; i < net.tensors().get(t).size(); i++) {
        if (previous.mask().isPruned(t, i)) {
          assertThat(next.mask().isPruned(t, i)).as("tensor %d index %d", t, i).isTrue();
        }
      }
    }
  }

  private static float[] values(MagnitudePruner.Result result, int tensor) {
    return result.weights().tensors().get(tensor).values();
  }
}
