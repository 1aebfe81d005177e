package org.greentrain.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.NamedTensor;
import org.greentrain.model.TestWeights;
import org.junit.jupiter.api.Test;

class CompressionVariantTest {

  @Test
  void parsesEverySupportedForm() {
    assertThat(CompressionVariant.parse("int8"))
        .isEqualTo(new CompressionVariant("int8", 0, Granularity.PER_CHANNEL));
    assertThat(CompressionVariant.parse("int8-per-tensor"))
        .isEqualTo(new CompressionVariant("int8-per-tensor", 0, Granularity.PER_TENSOR));
    assertThat(CompressionVariant.parse("prune-80"))
        .isEqualTo(new CompressionVariant("prune-80", 0.8, Granularity.NONE));
    assertThat(CompressionVariant.parse("prune-5+int8"))
        .isEqualTo(new CompressionVariant("prune-5+int8", 0.05, Granularity.PER_CHANNEL));
    assertThat(CompressionVariant.parse("prune-50+int8-per-tensor").quantization())
        .isEqualTo(Granularity.PER_TENSOR);
    assertThat(CompressionVariant.parse("prune-80+int8").fileName())
        .isEqualTo("model-prune-80-int8.gtm");
    assertThat(CompressionVariant.parse("struct-50+int8"))
        .isEqualTo(new CompressionVariant("struct-50+int8", 0, Granularity.PER_CHANNEL, 0.5));
    assertThat(CompressionVariant.parse("struct-30").isStructured()).isTrue();
    assertThat(CompressionVariant.parse("struct-30").isPruned()).isFalse();
    assertThat(CompressionVariant.parse("struct-30").isQuantized()).isFalse();
  }

  @Test
  void refusesOtherNames() {
    for (String bad :
        new String[] {
          "",
          "prune-80+",
          "+int8",
          "prune-0",
          "prune-100",
          "int4",
          "prune-80int8",
          "int8+prune-80",
          "struct-0",
          "struct-80+prune-50",
          "struct-50+"
        }) {
      assertThatThrownBy(() -> CompressionVariant.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "Invalid compression variant: "
                  + bad
                  + " (int8, int8-per-tensor,"
                  + " prune-NN, prune-NN+int8, prune-NN+int8-per-tensor, struct-NN, struct-NN+int8,"
                  + " struct-NN+int8-per-tensor)");
    }
  }

  @Test
  void gradualPruningReachesTheTargetThroughTheScheduleAndKeepsTheMask() {
    ModelWeights trained = TestWeights.smallNet(12);
    List<Long> zerosSeenByTuner = new ArrayList<>();
    // A tuner that moves every weight, as training would; the constraint must undo it at masks.
    GradualPruning.FineTuner shifting =
        (start, constraint, step) -> {
          zerosSeenByTuner.add(start.parameterCount() - start.nonZeroCount());
          List<NamedTensor> moved = new ArrayList<>();
          for (NamedTensor t : start.tensors()) {
            float[] v = t.values().clone();
            for (int i = 0; i < v.length; i++) {
              v[i] += 0.5f;
            }
            moved.add(new NamedTensor(t.name(), t.shape(), v));
          }
          return constraint.apply(new ModelWeights(moved));
        };

    MagnitudePruner.Result result = GradualPruning.run(trained, 0.8, 3, true, shifting);

    long prunable = 10 * 120;
    assertThat(result.mask().prunedCount()).isEqualTo(Math.round(0.8 * prunable));
    assertThat(zerosSeenByTuner).hasSize(3);
    assertThat(zerosSeenByTuner.get(0))
        .isEqualTo(Math.round(new PruningSchedule(0.8, 3).sparsityAt(1) * prunable));
    assertThat(result.weights().parameterCount() - result.weights().nonZeroCount())
        .isEqualTo(result.mask().prunedCount());
    assertThat(result.mask().prunedCount(0)).isZero();
  }

  @Test
  void zeroStepsPruneOnceWithoutTuning() {
    MagnitudePruner.Result result =
        GradualPruning.run(
            TestWeights.smallNet(13),
            0.5,
            0,
            false,
            (start, constraint, step) -> {
              throw new AssertionError("no fine-tuning expected");
            });

    assertThat(result.mask().prunedCount()).isEqualTo(Math.round(0.5 * (216 + 1200)));
  }
}
