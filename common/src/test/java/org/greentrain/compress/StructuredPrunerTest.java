package org.greentrain.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.greentrain.infer.BatchClassifier;
import org.greentrain.model.Flops;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.NamedTensor;
import org.greentrain.model.WeightInit;
import org.junit.jupiter.api.Test;

class StructuredPrunerTest {

  private static final ModelSpec SMALL_CNN = new ModelSpec("cnn", 1, 28, 28, 3, List.of(4, 6, 8));

  /** A dense layer (3 units, 2 inputs) and an output layer (2 classes, 3 inputs), all known. */
  private static ModelWeights knownMlp() {
    return new ModelWeights(
        List.of(
            new NamedTensor("w1", new long[] {3, 2}, new float[] {1, -1, 0.1f, 0.1f, -3, 0}),
            new NamedTensor("b1", new long[] {3}, new float[] {10, 20, 30}),
            new NamedTensor("w2", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}),
            new NamedTensor("b2", new long[] {2}, new float[] {7, 8})));
  }

  @Test
  void theUnitOfSmallestL1NormGoesWithItsBiasAndTheNextLayersColumn() {
    ModelSpec mlp = new ModelSpec("mlp", 1, 8, 8, 2).withWidths(List.of(3));
    // L1 norms of the hidden units: 2, 0.2, 3; a third of 3 units is one unit: unit 1.
    StructuredPruner.Result r = StructuredPruner.prune(mlp, knownMlpFor(mlp), 1 / 3.0, false);

    assertThat(r.removed()).containsExactly(new int[] {1});
    assertThat(r.spec().widths()).containsExactly(2);
    List<NamedTensor> t = r.weights().tensors();
    assertThat(t.get(0).shape()).containsExactly(2, 64);
    assertThat(t.get(1).values()).containsExactly(10, 30);
    assertThat(t.get(2).shape()).containsExactly(2, 2);
    assertThat(t.get(2).values()).containsExactly(1, 3, 4, 6);
    assertThat(t.get(3).values()).containsExactly(7, 8);
  }

  @Test
  void convolutionFiltersTakeTheirInputChannelsAndFeatureMapColumnsWithThem() {
    ModelWeights w = WeightInit.heUniform(SMALL_CNN, 5);
    ModelWeights zeroed = zeroUnits(w, new int[][] {{1}, {2, 4}, {0, 5}});

    StructuredPruner.Result r = StructuredPruner.prune(SMALL_CNN, zeroed, 0.25, false);

    assertThat(r.removed()).containsExactly(new int[] {1}, new int[] {2, 4}, new int[] {0, 5});
    assertThat(r.spec().widths()).containsExactly(3, 4, 6);
    List<NamedTensor> t = r.weights().tensors();
    assertThat(t.get(0).shape()).containsExactly(3, 1, 3, 3);
    assertThat(t.get(1).shape()).containsExactly(3);
    assertThat(t.get(2).shape()).containsExactly(4, 3, 3, 3);
    assertThat(t.get(3).shape()).containsExactly(4);
    // After the second pooling each filter leaves a 5x5 map: 4 filters x 25 columns.
    assertThat(t.get(4).shape()).containsExactly(6, 100);
    assertThat(t.get(6).shape()).containsExactly(3, 6);
    assertThat(t.get(7).shape()).containsExactly(3);
    // Filter 3 of conv2 (kept, now the third) reads input channel 2 (now the second).
    float[] conv2 = w.tensors().get(2).values();
    assertThat(t.get(2).values()[2 * 27 + 1 * 9 + 4]).isEqualTo(conv2[3 * 36 + 2 * 9 + 4]);
    // Unit 1 of dense1 (now the first) reads filter 3's map (now the third).
    float[] dense1 = w.tensors().get(4).values();
    assertThat(t.get(4).values()[2 * 25 + 7]).isEqualTo(dense1[1 * 150 + 3 * 25 + 7]);
    assertThat(t.get(4).values()[100 + 2 * 25 + 7]).isEqualTo(dense1[2 * 150 + 3 * 25 + 7]);
    assertThat(Flops.densePerImage(r.spec()))
        .isEqualTo(2L * (26 * 26 * 3 * 9 + 11 * 11 * 4 * 3 * 9 + 100 * 6 + 6 * 3));
  }

  @Test
  void convolutionsKeepTheNearestMultipleOf16AndDenseLayersTheFraction() {
    // cnn defaults at struct-30: 32 keeps 22 -> 16, 64 keeps 45 -> 48, dense 128 keeps 90.
    assertThat(StructuredPruner.dropped(32, 0.3, true)).isEqualTo(16);
    assertThat(StructuredPruner.dropped(64, 0.3, true)).isEqualTo(16);
    assertThat(StructuredPruner.dropped(128, 0.3, false)).isEqualTo(38);
    // At least 16 stay; widths that are no multiple of 16 follow the fraction alone.
    assertThat(StructuredPruner.dropped(16, 0.5, true)).isZero();
    assertThat(StructuredPruner.dropped(32, 0.9, true)).isEqualTo(16);
    assertThat(StructuredPruner.dropped(6, 0.5, true)).isEqualTo(3);
  }

  @Test
  void theNarrowNetworkComputesWhatTheWideOneDidWhenTheRemovedUnitsWereZero() {
    // Convolutions as wide as multiples of 16 before and after: the engine computes others wrongly.
    ModelSpec cnn = new ModelSpec("cnn", 1, 28, 28, 3, List.of(32, 32, 8));
    int[] odd = java.util.stream.IntStream.range(0, 16).map(i -> 2 * i + 1).toArray();
    ModelWeights zeroed =
        zeroUnits(WeightInit.heUniform(cnn, 7), new int[][] {odd, odd, {0, 2, 5, 7}});
    StructuredPruner.Result r = StructuredPruner.prune(cnn, zeroed, 0.5, false);
    assertThat(r.spec().widths()).containsExactly(16, 16, 4);
    float[] images = new float[5 * 28 * 28];
    SplittableRandom rng = new SplittableRandom(3);
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) rng.nextDouble(-1, 1);
    }

    float[] wide;
    float[] narrow;
    try (BatchClassifier a = new BatchClassifier(cnn, zeroed, Device.cpu());
        BatchClassifier b = new BatchClassifier(r.spec(), r.weights(), Device.cpu())) {
      wide = a.logits(images, 5);
      narrow = b.logits(images, 5);
    }

    assertThat(narrow).hasSize(15);
    for (int i = 0; i < wide.length; i++) {
      // Removed terms were exact zeros; only the engine's summation order may differ.
      assertThat(narrow[i]).isCloseTo(wide[i], within(1e-5f * Math.max(1, Math.abs(wide[i]))));
    }
  }

  @Test
  void theFirstLayerCanBeExemptAndTheOutputLayerIsNeverPruned() {
    StructuredPruner.Result r =
        StructuredPruner.prune(SMALL_CNN, WeightInit.heUniform(SMALL_CNN, 1), 0.5, true);

    assertThat(r.spec().widths()).containsExactly(4, 3, 4);
    assertThat(r.removed().get(0)).isEmpty();
    assertThat(r.spec().classes()).isEqualTo(3);
    assertThat(r.weights().tensors().get(6).shape()).containsExactly(3, 4);
  }

  @Test
  void everyLayerKeepsAUnitAndBadRequestsAreRefused() {
    ModelSpec mlp = new ModelSpec("mlp", 1, 8, 8, 2).withWidths(List.of(3));
    StructuredPruner.Result r = StructuredPruner.prune(mlp, knownMlpFor(mlp), 0.99, false);
    assertThat(r.spec().widths()).containsExactly(1);

    assertThatThrownBy(() -> StructuredPruner.prune(mlp, knownMlpFor(mlp), 0.5, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot prune the mlp architecture structurally: its only hidden layer is"
                + " the first layer, which is exempt (compress.structured-exempt-first-layer)");
    assertThatThrownBy(() -> StructuredPruner.prune(mlp, knownMlpFor(mlp), 1.0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid structured pruning fraction: 1.0 (from 0 to below 1)");
    assertThatThrownBy(() -> StructuredPruner.prune(SMALL_CNN, knownMlpFor(mlp), 0.5, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot match weights to the cnn architecture: they have 2 weight tensors,"
                + " it has 4");
  }

  /** The known mlp weights, with the hidden layer reading 64 inputs (8x8) instead of 2. */
  private static ModelWeights knownMlpFor(ModelSpec mlp) {
    ModelWeights known = knownMlp();
    List<NamedTensor> t = new ArrayList<>(known.tensors());
    float[] w1 = new float[3 * 64];
    float[] small = t.get(0).values();
    for (int r = 0; r < 3; r++) {
      w1[r * 64] = small[r * 2];
      w1[r * 64 + 1] = small[r * 2 + 1];
    }
    t.set(0, new NamedTensor("w1", new long[] {3, 64}, w1));
    return new ModelWeights(t);
  }

  /** Sets the weights and bias of the given units of each hidden layer to zero. */
  private static ModelWeights zeroUnits(ModelWeights w, int[][] unitsPerLayer) {
    List<NamedTensor> out = new ArrayList<>(w.tensors());
    int layer = 0;
    for (int i = 0; i < out.size() && layer < unitsPerLayer.length; i++) {
      NamedTensor t = out.get(i);
      if (!t.isWeight()) {
        continue;
      }
      float[] values = t.values().clone();
      int row = values.length / t.outputChannels();
      float[] bias = out.get(i + 1).values().clone();
      for (int u : unitsPerLayer[layer]) {
        java.util.Arrays.fill(values, u * row, (u + 1) * row, 0f);
        bias[u] = 0f;
      }
      out.set(i, new NamedTensor(t.name(), t.shape(), values));
      out.set(i + 1, new NamedTensor(out.get(i + 1).name(), out.get(i + 1).shape(), bias));
      layer++;
    }
    return new ModelWeights(out);
  }
}
