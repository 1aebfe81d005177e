package org.greentrain.data;

import java.util.SplittableRandom;

/**
 * Resizes the whole image to {@code size x size}, bilinear with pixel centres aligned and without
 * anti-aliasing, as {@link RandomResizedCrop} resizes its window; an image of that size already is
 * copied unchanged. Deterministic, so it also applies to the originals (copy 0): with a crop to
 * {@code size} before it, every copy of a record reaches the model at one size.
 *
 * @param size the side of the output, at least 1
 */
public record Resize(int size) implements AugmentOp {

  public Resize {
    if (size < 1) {
      throw new IllegalArgumentException("Invalid resize: " + size);
    }
  }

  @Override
  public void apply(
      float[] src, float[] dst, int channels, int rows, int cols, SplittableRandom rng) {
    if (rows == size && cols == size) {
      System.arraycopy(src, 0, dst, 0, channels * rows * cols);
      return;
    }
    for (int c = 0; c < channels; c++) {
      RandomResizedCrop.resize(
          src, c * rows * cols, cols, dst, c * size * size, size, size, 0, 0, cols, rows);
    }
  }

  @Override
  public int outputRows(int rows) {
    return size;
  }

  @Override
  public int outputCols(int cols) {
    return size;
  }

  @Override
  public boolean isRandom() {
    return false;
  }
}
