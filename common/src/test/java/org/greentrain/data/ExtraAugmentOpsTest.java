package org.greentrain.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExtraAugmentOpsTest {

  @Test
  void erasingSetsOneRectangleOfTheDrawnSize() {
    float[] src = new float[100];
    Arrays.fill(src, 0.5f);
    float[] dst = new float[100];
    // Area fraction 0.16 with ratio 1 is a 4x4 square on a 10x10 image.
    RandomErasing erasing = new RandomErasing(1, 0.16, 0.16, 1, 1, -1);
    SplittableRandom rng = new SplittableRandom(4);

    for (int trial = 0; trial < 50; trial++) {
      erasing.apply(src, dst, 10, 10, rng);

      int first = indexOf(dst, -1f);
      int top = first / 10;
      int left = first % 10;
      for (int y = 0; y < 10; y++) {
        for (int x = 0; x < 10; x++) {
          boolean inside = y >= top && y < top + 4 && x >= left && x < left + 4;
          assertThat(dst[y * 10 + x]).isEqualTo(inside ? -1f : 0.5f);
        }
      }
    }
  }

  @Test
  void erasingStaysInsideTheImageForAnySizeAndRatio() {
    // A non-square image and the widest ranges: the erased pixels must form one rectangle, which
    // a window leaving the image (wrapping into the next row or failing) would not.
    int rows = 7;
    int cols = 13;
    float[] src = new float[rows * cols];
    float[] dst = new float[rows * cols];
    RandomErasing erasing = new RandomErasing(1, 0.01, 0.99, 0.1, 10, -1);
    SplittableRandom rng = new SplittableRandom(11);

    for (int trial = 0; trial < 500; trial++) {
      erasing.apply(src, dst, rows, cols, rng);

      int top = rows;
      int bottom = -1;
      int left = cols;
      int right = -1;
      int erased = 0;
      for (int i = 0; i < dst.length; i++) {
        if (dst[i] == -1f) {
          erased++;
          top = Math.min(top, i / cols);
          bottom = Math.max(bottom, i / cols);
          left = Math.min(left, i % cols);
          right = Math.max(right, i % cols);
        }
      }
      if (erased > 0) {
        assertThat(erased).isEqualTo((bottom - top + 1) * (right - left + 1));
      }
    }
  }

  @Test
  void erasingWithProbabilityZeroCopies() {
    float[] src = {0.1f, 0.2f, 0.3f, 0.4f};
    float[] dst = new float[4];

    new RandomErasing(0, 0.02, 0.33, 0.3, 3.3, 0).apply(src, dst, 2, 2, new SplittableRandom(1));

    assertThat(dst).isEqualTo(src);
  }

  @Test
  void zeroJitterIsIdentity() {
    float[] src = {0, 0.25f, 0.5f, 1};
    float[] dst = new float[4];

    new BrightnessContrast(0, 0).apply(src, dst, 2, 2, new SplittableRandom(1));

    assertThat(dst).containsExactly(src);
  }

  @Test
  void brightnessScalesWithinItsRangeAndContrastKeepsAConstantImage() {
    float[] src = new float[9];
    Arrays.fill(src, 0.5f);
    float[] dst = new float[9];
    BrightnessContrast jitter = new BrightnessContrast(0.2, 0.5);
    SplittableRandom rng = new SplittableRandom(8);

    for (int trial = 0; trial < 100; trial++) {
      jitter.apply(src, dst, 3, 3, rng);

      assertThat(dst[0]).isBetween(0.4f, 0.6f);
      for (float v : dst) {
        assertThat(v).isCloseTo(dst[0], within(1e-6f));
      }
    }
  }

  @Test
  void contrastKeepsTheMeanWhenNothingClips() {
    float[] src = {0.4f, 0.5f, 0.6f, 0.5f};
    float[] dst = new float[4];

    new BrightnessContrast(0, 0.5).apply(src, dst, 2, 2, new SplittableRandom(2));

    assertThat((dst[0] + dst[1] + dst[2] + dst[3]) / 4).isCloseTo(0.5f, within(1e-6f));
    assertThat(dst[0]).isNotEqualTo(0.4f);
  }

  @Test
  void rejectsInvalidParameters() {
    assertThatThrownBy(() -> new RandomErasing(0.5, 0.02, 1, 0.3, 3.3, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid erasing scale range: [0.02, 1.0]");
    assertThatThrownBy(() -> new RandomErasing(0.5, 0.02, 0.33, 3.3, 0.3, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid erasing ratio range: [3.3, 0.3]");
    assertThatThrownBy(() -> new BrightnessContrast(1.5, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid maxBrightness: 1.5");
  }

  private static int indexOf(float[] values, float wanted) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == wanted) {
        return i;
      }
    }
    throw new AssertionError("No pixel equals " + wanted + " in " + Arrays.toString(values));
  }
}
