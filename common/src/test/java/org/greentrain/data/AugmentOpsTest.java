package org.greentrain.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentOpsTest {

  /** A 5x5 image with distinct values, no symmetry. */
  private static final float[] PATTERN = pattern(5, 5);

  @Test
  void flipMirrorsEachRow() {
    float[] src = {1, 2, 3, 4, 5, 6};
    float[] dst = new float[6];

    new HorizontalFlip(1).apply(src, dst, 2, 3, new SplittableRandom(1));

    assertThat(dst).containsExactly(3, 2, 1, 6, 5, 4);
  }

  @Test
  void flipTwiceIsIdentity() {
    float[] once = new float[25];
    float[] twice = new float[25];
    HorizontalFlip flip = new HorizontalFlip(1);

    flip.apply(PATTERN, once, 5, 5, new SplittableRandom(1));
    flip.apply(once, twice, 5, 5, new SplittableRandom(2));

    assertThat(once).isNotEqualTo(PATTERN);
    assertThat(twice).isEqualTo(PATTERN);
  }

  @Test
  void flipWithProbabilityZeroCopies() {
    float[] dst = new float[25];

    new HorizontalFlip(0).apply(PATTERN, dst, 5, 5, new SplittableRandom(1));

    assertThat(dst).isEqualTo(PATTERN);
  }

  @Test
  void flipWithProbabilityHalfFlipsAboutHalfTheTime() {
    HorizontalFlip flip = new HorizontalFlip(0.5);
    SplittableRandom rng = new SplittableRandom(3);
    float[] dst = new float[25];
    int flipped = 0;
    for (int i = 0; i < 1000; i++) {
      flip.apply(PATTERN, dst, 5, 5, rng);
      flipped += dst[0] == PATTERN[4] ? 1 : 0;
    }
    assertThat(flipped).isBetween(430, 570);
  }

  @Test
  void fullSizeCropIsIdentity() {
    float[] dst = new float[25];

    new RandomResizedCrop(1, 1, 1, 1).apply(PATTERN, dst, 5, 5, new SplittableRandom(9));

    assertThat(dst).isEqualTo(PATTERN);
  }

  @Test
  void resizeInterpolatesBetweenPixelCentres() {
    // Columns hold their x coordinate, so the output shows where each pixel was sampled.
    float[] ramp = new float[16];
    for (int i = 0; i < 16; i++) {
      ramp[i] = i % 4;
    }
    float[] dst = new float[16];

    RandomResizedCrop.resize(ramp, dst, 4, 4, 0, 0, 2, 2);

    // Output centres map to x = -0.25, 0.25, 0.75, 1.25, clamped to the window [0, 1].
    for (int y = 0; y < 4; y++) {
      assertThat(new float[] {dst[y * 4], dst[y * 4 + 1], dst[y * 4 + 2], dst[y * 4 + 3]})
          .containsExactly(0f, 0.25f, 0.75f, 1f);
    }
  }

  @Test
  void cropWindowAlwaysFitsTheImage() {
    RandomResizedCrop crop = new RandomResizedCrop(0.08, 1, 3.0 / 4, 4.0 / 3);
    SplittableRandom rng = new SplittableRandom(5);
    int[] window = new int[4];
    int smaller = 0;
    for (int i = 0; i < 2000; i++) {
      crop.chooseWindow(28, 20, rng, window);
      assertThat(window[0]).isBetween(0, 20 - window[2]);
      assertThat(window[1]).isBetween(0, 28 - window[3]);
      assertThat(window[2]).isBetween(1, 20);
      assertThat(window[3]).isBetween(1, 28);
      smaller += window[2] * window[3] < 28 * 20 ? 1 : 0;
    }
    assertThat(smaller).isGreaterThan(1900);
  }

  @Test
  void cropFallsBackToCentredWindowWithinTheRatioRange() {
    // A 4x8 image (ratio 2) cannot hold a full-area square, so every attempt fails.
    int[] window = new int[4];

    new RandomResizedCrop(1, 1, 1, 1).chooseWindow(4, 8, new SplittableRandom(1), window);

    assertThat(window).containsExactly(2, 0, 4, 4);
  }

  @Test
  void rotationByZeroIsIdentity() {
    float[] dst = new float[25];

    new RandomRotation(0, -1).apply(PATTERN, dst, 5, 5, new SplittableRandom(1));

    assertThat(dst).isEqualTo(PATTERN);
  }

  @Test
  void rotationBy90MovesRightOfCentreToAboveCentre() {
    float[] src = new float[25];
    src[2 * 5 + 4] = 1; // x = 4, y = 2: right edge, middle row
    float[] dst = new float[25];

    RandomRotation.rotate(src, dst, 5, 5, 90, 0);

    for (int i = 0; i < 25; i++) {
      float expected = i == 0 * 5 + 2 ? 1 : 0; // x = 2, y = 0: top edge, middle column
      assertThat(dst[i]).as("pixel %d", i).isCloseTo(expected, within(1e-6f));
    }
  }

  @Test
  void rotationBy180ReversesTheImage() {
    float[] dst = new float[20];
    float[] src = pattern(4, 5);

    RandomRotation.rotate(src, dst, 4, 5, 180, 0);

    for (int i = 0; i < 20; i++) {
      assertThat(dst[i]).isCloseTo(src[19 - i], within(1e-5f));
    }
  }

  @Test
  void rotationFillsAreasFromOutsideTheImage() {
    float[] ones = new float[81];
    Arrays.fill(ones, 1);
    float[] dst = new float[81];

    RandomRotation.rotate(ones, dst, 9, 9, 45, -1);

    // The top-left corner comes from (4, 4 - 4 * sqrt 2), more than a pixel above the image; the
    // top edge's middle comes from inside it.
    assertThat(dst[0]).isEqualTo(-1f);
    assertThat(dst[4]).isEqualTo(1f);
    assertThat(dst[40]).isEqualTo(1f);
  }

  @Test
  void randomRotationStaysWithinMaxDegrees() {
    // A pixel at distance 2 right of centre, rotated by at most 10 degrees, stays in column 4.
    float[] src = new float[25];
    src[2 * 5 + 4] = 1;
    float[] dst = new float[25];
    RandomRotation rotation = new RandomRotation(10, 0);
    SplittableRandom rng = new SplittableRandom(11);
    for (int i = 0; i < 200; i++) {
      rotation.apply(src, dst, 5, 5, rng);
      float column4 = dst[4] + dst[9] + dst[14] + dst[19] + dst[24];
      assertThat(column4).isGreaterThan(0.5f);
    }
  }

  @Test
  void normalisesAConstantImageToTheExpectedConstant() {
    float[] src = new float[6];
    Arrays.fill(src, 0.5f);
    float[] dst = new float[6];

    new Normalize(0.25f, 0.5f).apply(src, dst, 2, 3, null);

    assertThat(dst).containsOnly(0.5f);
  }

  @Test
  void reportsWhichOpsAreRandom() {
    assertThat(new Normalize(0, 1).isRandom()).isFalse();
    assertThat(new HorizontalFlip(0.5).isRandom()).isTrue();
    assertThat(new RandomRotation(10, 0).isRandom()).isTrue();
    assertThat(new RandomResizedCrop(0.5, 1, 1, 1).isRandom()).isTrue();
  }

  @Test
  void rejectsInvalidParameters() {
    assertThatThrownBy(() -> new Normalize(0.5f, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid normalisation std: 0.0");
    assertThatThrownBy(() -> new Normalize(Float.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid normalisation mean: NaN");
    assertThatThrownBy(() -> new HorizontalFlip(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid flip probability: 1.5");
    assertThatThrownBy(() -> new RandomRotation(-1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid rotation maxDegrees: -1.0");
    assertThatThrownBy(() -> new RandomRotation(10, Float.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid rotation fill: Infinity");
    assertThatThrownBy(() -> new RandomResizedCrop(0.9, 0.5, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid crop scale range: [0.9, 0.5]");
    assertThatThrownBy(() -> new RandomResizedCrop(0.5, 1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid crop ratio range: [0.0, 1.0]");
  }

  private static float[] pattern(int rows, int cols) {
    float[] image = new float[rows * cols];
    for (int i = 0; i < image.length; i++) {
      image[i] = (i * 7 % 11) / 10f;
    }
    return image;
  }
}
