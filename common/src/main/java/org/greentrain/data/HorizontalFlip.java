package org.greentrain.data;

import java.util.SplittableRandom;

/**
 * Mirrors the image left to right with the given probability, otherwise copies it unchanged.
 *
 * @param probability chance of flipping, in [0, 1]
 */
public record HorizontalFlip(double probability) implements AugmentOp {

  public HorizontalFlip {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("Invalid flip probability: " + probability);
    }
  }

  @Override
  public void apply(
      float[] src, float[] dst, int channels, int rows, int cols, SplittableRandom rng) {
    if (rng.nextDouble() < probability) {
      // Rows of all planes one after the other: a plane's rows are rows of the whole array.
      for (int y = 0; y < channels * rows; y++) {
        int row = y * cols;
        for (int x = 0; x < cols; x++) {
          dst[row + x] = src[row + cols - 1 - x];
        }
      }
    } else {
      System.arraycopy(src, 0, dst, 0, channels * rows * cols);
    }
  }

  @Override
  public boolean isRandom() {
    return true;
  }
}
