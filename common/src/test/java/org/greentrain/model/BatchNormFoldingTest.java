package org.greentrain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.greentrain.infer.BatchClassifier;
import org.junit.jupiter.api.Test;

class BatchNormFoldingTest {

  private static final ModelSpec CNN =
      new ModelSpec("cnn", 1, 28, 28, 10, List.of(16, 32, 16), true);
  private static final ModelSpec MLP = new ModelSpec("mlp", 1, 28, 28, 10, List.of(32), true);

  @Test
  void theFoldedCnnGivesTheLogitsOfTheNormalisedOneInInference() {
    assertFoldedLogitsMatch(CNN);
  }

  @Test
  void theFoldedMlpGivesTheLogitsOfTheNormalisedOneInInference() {
    assertFoldedLogitsMatch(MLP);
  }

  @Test
  void foldedWeightsHaveThePlainNetworksNamesAndShapes() {
    ModelWeights folded = BatchNormFolding.fold(CNN, TestWeights.asTrained(CNN, 3));
    ModelWeights plain = BlockWeights.fresh(CNN.withBatchNorm(false));

    assertThat(folded.tensors()).hasSize(8);
    for (int i = 0; i < plain.tensors().size(); i++) {
      assertThat(folded.tensors().get(i).name()).isEqualTo(plain.tensors().get(i).name());
      assertThat(folded.tensors().get(i).shape()).isEqualTo(plain.tensors().get(i).shape());
    }
    assertThat(CNN.withBatchNorm(false).withWidthsOf(folded).widths()).containsExactly(16, 32, 16);
  }

  @Test
  void aFreshNormalisationIsTheIdentity() {
    ModelWeights start = WeightInit.heUniform(CNN, 5);

    for (NamedTensor t : start.tensors()) {
      float expected = t.name().endsWith("_gamma") || t.name().endsWith("_runningVar") ? 1f : 0f;
      if (!t.isWeight() && !t.name().endsWith("_bias")) {
        assertThat(t.values()).as(t.name()).containsOnly(expected);
      }
    }
    // 3 normalised hidden layers: 4 tensors each on top of the plain network's 8.
    assertThat(start.tensors()).hasSize(8 + 3 * 4);
  }

  @Test
  void foldingWhatIsNotANormalisedNetworkIsRefusedWithTheReason() {
    assertThatThrownBy(
            () -> BatchNormFolding.fold(CNN.withBatchNorm(false), TestWeights.asTrained(CNN, 1)))
        .hasMessage("Cannot fold batch normalisation: the cnn network has none");

    List<NamedTensor> missingVariance = new ArrayList<>(TestWeights.asTrained(MLP, 1).tensors());
    NamedTensor removed = missingVariance.remove(5);
    assertThat(removed.name()).endsWith("_runningVar");
    assertThatThrownBy(() -> BatchNormFolding.fold(MLP, new ModelWeights(missingVariance)))
        .hasMessageStartingWith(
            "Cannot fold batch normalisation: expected a batch normalisation"
                + " tensor runningVar of 32 values, found ")
        .hasMessageContaining("Linear_weight [10, 32]");
  }

  private static void assertFoldedLogitsMatch(ModelSpec spec) {
    ModelWeights trained = TestWeights.asTrained(spec, 11);
    float[] images = new float[6 * spec.rows() * spec.cols()];
    Random random = new Random(2);
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextGaussian();
    }

    float[] expected;
    try (BatchClassifier normalised = new BatchClassifier(spec, trained, Device.cpu())) {
      expected = normalised.logits(images, 6);
    }
    float[] actual;
    ModelWeights folded = BatchNormFolding.fold(spec, trained);
    try (BatchClassifier plain =
        new BatchClassifier(spec.withBatchNorm(false), folded, Device.cpu())) {
      actual = plain.logits(images, 6);
    }

    assertThat(folded.parameterCount()).isLessThan(trained.parameterCount());
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i])
          .as("logit " + i)
          .isCloseTo(expected[i], within(1e-4f * (1 + Math.abs(expected[i]))));
    }
  }
}
