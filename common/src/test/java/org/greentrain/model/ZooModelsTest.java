package org.greentrain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.util.List;
import org.greentrain.infer.BatchClassifier;
import org.junit.jupiter.api.Test;

class ZooModelsTest {

  /** ResNet-8 (one block per stage) on 8x8 grey images: small enough to count by hand. */
  private static final ModelSpec TINY_RESNET =
      new ModelSpec("resnet", 1, 8, 8, 3, List.of(4, 8, 16), false, 8, 1.0, null);

  private static final ModelSpec TINY_MOBILENET =
      new ModelSpec("mobilenet", 1, 8, 8, 3, List.of(4, 8, 8, 16, 16), false, 0, 1.0, null);

  @Test
  void tinyResnetFlopsAreTheHandCount() {
    long macs =
        64 * 4 * 9 // stem 1 -> 4 at 8x8
            + 2 * 64 * 4 * 4 * 9 // stage 1: two 3x3 convs 4 -> 4 at 8x8, identity shortcut
            + 16 * 8 * 4 * 9
            + 16 * 8 * 8 * 9
            + 16 * 8 * 4 // stage 2 at 4x4, 1x1 projection
            + 4 * 16 * 8 * 9
            + 4 * 16 * 16 * 9
            + 4 * 16 * 8 // stage 3 at 2x2, 1x1 projection
            + 16 * 3; // dense after global average pooling

    assertThat(Flops.densePerImage(TINY_RESNET)).isEqualTo(2L * macs).isEqualTo(98_912L);
    // Training adds normalisations, which are not counted, and drops the convolutions' biases.
    assertThat(Flops.densePerImage(TINY_RESNET.withBatchNorm(true))).isEqualTo(98_912L);
  }

  @Test
  void tinyMobilenetFlopsAreTheHandCountAndTheMultiplierScalesWidths() {
    long macs =
        64 * 4 * 9 // stem 1 -> 4 at 8x8
            + 64 * 4 * 9
            + 64 * 8 * 4 // depthwise 4 at 8x8, pointwise 4 -> 8
            + 16 * 8 * 9
            + 16 * 8 * 8 // stride 2: depthwise 8 at 4x4, pointwise 8 -> 8
            + 16 * 8 * 9
            + 16 * 16 * 8 // depthwise 8 at 4x4, pointwise 8 -> 16
            + 4 * 16 * 9
            + 4 * 16 * 16 // stride 2: depthwise 16 at 2x2, pointwise 16 -> 16
            + 16 * 3;
    ModelSpec halved =
        new ModelSpec("mobilenet", 1, 8, 8, 3, List.of(8, 16, 16, 32, 32), false, 0, 0.5, null);

    assertThat(Flops.densePerImage(TINY_MOBILENET)).isEqualTo(2L * macs).isEqualTo(27_360L);
    assertThat(Flops.densePerImage(halved)).isEqualTo(27_360L);
    assertThat(BlockWeights.fresh(TINY_MOBILENET).tensors().get(2).shape())
        .as("the first depthwise kernel: one 3x3 filter per channel")
        .containsExactly(4, 1, 3, 3);
  }

  @Test
  void effectiveFlopsDropWithZeroWeightsOfAZooNetwork() {
    ModelWeights weights = WeightInit.heUniform(TINY_RESNET, 3);
    assertThat(Flops.effectivePerImage(TINY_RESNET, weights)).isEqualTo(98_912L);

    List<NamedTensor> tensors = new java.util.ArrayList<>(weights.tensors());
    NamedTensor stem = tensors.get(0);
    float[] zeroed = stem.values().clone();
    zeroed[0] = 0f;
    tensors.set(0, new NamedTensor(stem.name(), stem.shape(), zeroed));

    assertThat(Flops.effectivePerImage(TINY_RESNET, new ModelWeights(tensors)))
        .isEqualTo(98_912L - 2 * 64);
  }

  @Test
  void resnetDepthSetsTheBlocksAndTheDefaultsCountAsPublished() {
    ModelSpec resnet20 = new ModelSpec("resnet", 1, 28, 28, 10);
    ModelWeights plain = BlockWeights.fresh(resnet20);

    // 19 convolutions (stem + 3 x 3 blocks x 2) + 2 projections + dense, each with a bias;
    // trained, the 784 channels of the 21 convolutions have a normalisation of 4 values instead.
    assertThat(plain.tensors().stream().filter(NamedTensor::isWeight)).hasSize(19 + 2 + 1);
    assertThat(resnet20.depth()).isEqualTo(20);
    assertThat(plain.parameterCount()).isEqualTo(271_402L);
    assertThat(BlockWeights.fresh(resnet20.withBatchNorm(true)).parameterCount())
        .isEqualTo(271_402L - 784 + 4 * 784);
  }

  @Test
  void theSizesAndCostsDocsTrainingMdStates() {
    int[][] inputs = {{1, 28, 28}, {3, 32, 32}};
    long[][] expected = {
      {271_402, 62_043_904L, 66_378, 17_754_880L}, {271_690, 81_626_368L, 66_954, 24_368_128L}
    };
    for (int i = 0; i < 2; i++) {
      ModelSpec resnet = new ModelSpec("resnet", inputs[i][0], inputs[i][1], inputs[i][2], 10);
      ModelSpec mobilenet =
          new ModelSpec("mobilenet", inputs[i][0], inputs[i][1], inputs[i][2], 10);
      assertThat(
              new long[] {
                BlockWeights.fresh(resnet).parameterCount(),
                Flops.densePerImage(resnet),
                BlockWeights.fresh(mobilenet).parameterCount(),
                Flops.densePerImage(mobilenet)
              })
          .as("resnet-20 and mobilenet on " + java.util.Arrays.toString(inputs[i]))
          .containsExactly(expected[i]);
    }
  }

  @Test
  void anyInputOfAtLeast8x8AndAnyChannelCountGivesLogits() {
    for (ModelSpec spec :
        List.of(
            new ModelSpec("resnet", 3, 9, 13, 5, List.of(16, 16, 16), true, 8, 1.0, null),
            new ModelSpec("mobilenet", 3, 8, 11, 5, null, true, 0, 0.5, null))) {
      try (BatchClassifier c =
          new BatchClassifier(spec, WeightInit.heUniform(spec, 1), Device.cpu())) {
        assertThat(c.logits(TestWeights.images(spec, 2, 1), 2)).as(spec.toString()).hasSize(10);
      }
    }
  }

  @Test
  void foldedResnetGivesTheLogitsOfTheNormalisedOne() {
    assertFoldedLogitsMatch(
        new ModelSpec("resnet", 3, 12, 12, 10, List.of(16, 16, 32), true, 14, 1.0, null));
  }

  @Test
  void foldedMobilenetGivesTheLogitsOfTheNormalisedOne() {
    assertFoldedLogitsMatch(new ModelSpec("mobilenet", 3, 12, 12, 10, null, true, 0, 0.25, null));
  }

  @Test
  void foldingGivesEveryConvolutionABiasAndKeepsNoNormalisation() {
    ModelSpec trainedSpec = TINY_RESNET.withBatchNorm(true);
    ModelWeights folded = BatchNormFolding.fold(trainedSpec, TestWeights.asTrained(trainedSpec, 2));

    assertThat(folded.tensors()).noneMatch(t -> t.name().endsWith("_gamma"));
    assertThat(folded.tensors().stream().filter(t -> !t.isWeight()))
        .hasSameSizeAs(folded.tensors().stream().filter(NamedTensor::isWeight).toList());
    assertThat(TINY_RESNET.withWidthsOf(folded)).isEqualTo(TINY_RESNET);
  }

  @Test
  void aNormalisationThatFollowsNoLayerIsRefusedAsUnfoldable() {
    List<NamedTensor> tensors =
        new java.util.ArrayList<>(
            TestWeights.asTrained(TINY_RESNET.withBatchNorm(true), 1).tensors());
    tensors.remove(0);

    assertThatThrownBy(
            () -> BatchNormFolding.fold(TINY_RESNET.withBatchNorm(true), new ModelWeights(tensors)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Cannot fold batch normalisation: expected a convolution or dense layer before the"
                + " batch normalisation (unfoldable), found ")
        .hasMessageContaining("_gamma [4]");
  }

  @Test
  void weightsOfAnotherShapeAreRefusedByName() {
    ModelSpec deeper = new ModelSpec("resnet", 1, 8, 8, 3, List.of(4, 8, 16), false, 14, 1.0, null);

    assertThatThrownBy(() -> deeper.withWidthsOf(BlockWeights.fresh(TINY_RESNET)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot match weights to the resnet architecture: tensor ");
  }

  @Test
  void invalidZooShapesAreRefusedWithTheRule() {
    assertThatThrownBy(() -> new ModelSpec("resnet", 1, 28, 28, 10, null, false, 12, 1.0, null))
        .hasMessage(
            "Invalid depth for the resnet architecture: 12 (6n+2 with n at least 1: 8, 14, 20,"
                + " ...)");
    assertThatThrownBy(() -> new ModelSpec("cnn", 1, 28, 28, 10, null, false, 0, 0.5, null))
        .hasMessage(
            "Invalid width multiplier for the cnn architecture: 0.5 (only mobilenet has one)");
    assertThatThrownBy(() -> new ModelSpec("mobilenet", 1, 28, 28, 10, List.of(8, 8)))
        .hasMessage(
            "Invalid widths for the mobilenet architecture: [8, 8] (5 widths, each at least 1)");
  }

  private static void assertFoldedLogitsMatch(ModelSpec spec) {
    ModelWeights trained = TestWeights.asTrained(spec, 11);
    float[] images = TestWeights.images(spec, 6, 2);
    float[] expected;
    try (BatchClassifier normalised = new BatchClassifier(spec, trained, Device.cpu())) {
      expected = normalised.logits(images, 6);
    }
    ModelWeights folded = BatchNormFolding.fold(spec, trained);
    float[] actual;
    try (BatchClassifier plain =
        new BatchClassifier(spec.withBatchNorm(false), folded, Device.cpu())) {
      actual = plain.logits(images, 6);
    }
    double maxDiff = 0;
    double maxAbs = 0;
    for (int i = 0; i < expected.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
      maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
    }
    assertThat(maxAbs).as("logits far from zero, so the check means something").isGreaterThan(0.1);
    assertThat(maxDiff).as("max abs logit difference of " + spec).isLessThan(1e-4);
  }
}
