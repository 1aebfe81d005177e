package org.greentrain.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bytes before normalisation, normalised on decode, give what the full pipeline gives. */
class StoredPixelsTest {

  private static final Normalize NORMALIZE = new Normalize(0.286f, 0.353f);
  private static final AugmentPipeline PIPELINE =
      new AugmentPipeline(
          List.of(
              new RandomRotation(15, 0f),
              new RandomResizedCrop(0.6, 1, 3.0 / 4, 4.0 / 3),
              new HorizontalFlip(0.5),
              NORMALIZE));

  private static float[] decoded(byte[] stored, Normalize n) {
    float[] out = new float[stored.length + 3];
    StoredPixels.decode(stored, n, out, 3);
    return java.util.Arrays.copyOfRange(out, 3, out.length);
  }

  @Test
  void theOriginalDecodesToExactlyThePipelinesFloatsForEveryByteValue() {
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    StoredPixels.Split split = StoredPixels.split(PIPELINE);

    byte[] stored = StoredPixels.encode(split.beforeNormalize().apply(all, 16, 16, 7, 0, 3));

    assertThat(stored).isEqualTo(all);
    assertThat(decoded(stored, split.normalize())).isEqualTo(PIPELINE.apply(all, 16, 16, 7, 0, 3));
  }

  @Test
  void anAugmentedCopyDecodesToWithinHalfAGreyLevelOfThePipeline() {
    byte[] pixels = TestImages.cycling(1, 28, 28, 5).image(0);
    StoredPixels.Split split = StoredPixels.split(PIPELINE);

    for (int copy = 1; copy <= 4; copy++) {
      float[] expected = PIPELINE.apply(pixels, 28, 28, 11, copy, 9);
      float[] actual =
          decoded(
              StoredPixels.encode(split.beforeNormalize().apply(pixels, 28, 28, 11, copy, 9)),
              split.normalize());
      for (int i = 0; i < expected.length; i++) {
        assertThat(actual[i]).isCloseTo(expected[i], within(0.5f / 255 / 0.353f + 1e-5f));
      }
    }
  }

  @Test
  void encodingRoundsToTheNearestGreyLevelAndClamps() {
    assertThat(StoredPixels.encode(new float[] {-0.2f, 0f, 0.5f, 0.4f / 255, 0.6f / 255, 1f, 1.7f}))
        .containsExactly(0, 0, (byte) 128, 0, 1, (byte) 255, (byte) 255);
  }

  @Test
  void encodingIsMathRoundClampedForEveryValue() {
    java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
    float[] values = new float[1_000_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) rng.nextDouble(-0.1, 1.1);
    }
    // Ties and the largest float below a tie, where float v + 0.5f would round up.
    values[0] = 0.5f / 255;
    values[1] = Math.nextDown(0.5f) / 255;
    values[2] = Math.nextDown(127.5f) / 255;
    values[3] = 254.5f / 255;
    values[4] = Float.NaN;
    values[5] = Float.NEGATIVE_INFINITY;

    byte[] encoded = StoredPixels.encode(values);

    for (int i = 0; i < values.length; i++) {
      int expected = Math.max(0, Math.min(255, Math.round(values[i] * 255f)));
      assertThat(encoded[i] & 0xff).as("value %s", values[i]).isEqualTo(expected);
    }
  }

  @Test
  void theNormalisationIsSplitOffTheEndOrIsTheIdentity() {
    assertThat(StoredPixels.split(PIPELINE).normalize()).isEqualTo(NORMALIZE);
    assertThat(StoredPixels.split(PIPELINE).beforeNormalize().ops())
        .isEqualTo(PIPELINE.ops().subList(0, 3));

    StoredPixels.Split none =
        StoredPixels.split(new AugmentPipeline(List.of(new HorizontalFlip(1))));
    assertThat(none.normalize()).isEqualTo(new Normalize(0f, 1f));
    assertThat(none.beforeNormalize().ops()).containsExactly(new HorizontalFlip(1));
  }

  @Test
  void aNormalisationBeforeAnotherOpCannotBeStoredAsBytes() {
    AugmentPipeline p = new AugmentPipeline(List.of(NORMALIZE, new HorizontalFlip(0.5)));

    assertThatThrownBy(() -> StoredPixels.split(p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("normalisation must be the last op, found it at position 0");
  }
}
