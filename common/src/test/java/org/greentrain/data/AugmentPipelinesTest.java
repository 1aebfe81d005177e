package org.greentrain.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.greentrain.config.AugmentConfig;
import org.greentrain.config.ConfigLoader;
import org.junit.jupiter.api.Test;

class AugmentPipelinesTest {

  @Test
  void defaultOpsAreRotationCropFlipThenNormalisation() {
    AugmentConfig c = ConfigLoader.load(null, Map.of()).augment();

    assertThat(AugmentPipelines.fromConfig(c).ops())
        .containsExactly(
            new RandomRotation(5, 0f),
            new RandomResizedCrop(0.9, 1.0, 0.9, 1.1),
            new HorizontalFlip(0.5),
            new Normalize(0.2860f, 0.3530f));
  }

  @Test
  void opsApplyInTheListedOrderWithTheirKeysAndNormalisationLast() {
    AugmentConfig c =
        ConfigLoader.load(
                null,
                Map.of(
                    "augment.ops", "[erasing, flip, jitter]",
                    "augment.erasing-probability", "0.25",
                    "augment.brightness", "0.1",
                    "augment.contrast", "0.3"))
            .augment();

    // Erasing fills with the mean pixel, which normalisation then maps to 0.
    assertThat(AugmentPipelines.fromConfig(c).ops())
        .containsExactly(
            new RandomErasing(0.25, 0.02, 0.33, 0.3, 3.3, 0.2860f),
            new HorizontalFlip(0.5),
            new BrightnessContrast(0.1, 0.3, 0.2),
            new Normalize(0.2860f, 0.3530f));
  }

  @Test
  void erasedPixelsAreZeroAfterNormalisation() {
    AugmentConfig c =
        ConfigLoader.load(
                null, Map.of("augment.ops", "[erasing]", "augment.erasing-probability", "1"))
            .augment();
    byte[] white = new byte[28 * 28];
    java.util.Arrays.fill(white, (byte) 255);

    float[] out = AugmentPipelines.fromConfig(c).apply(white, 28, 28, 1, 1, 7);

    long zeros = 0;
    for (float v : out) {
      assertThat(v == 0f || v == (1 - 0.2860f) / 0.3530f).isTrue();
      zeros += v == 0f ? 1 : 0;
    }
    assertThat(zeros).isBetween((long) (0.02 * 784) - 10, (long) (0.33 * 784) + 10);
  }
}
