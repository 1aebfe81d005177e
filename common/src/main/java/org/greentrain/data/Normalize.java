package org.greentrain.data;

import java.util.SplittableRandom;

/**
 * Standardises pixel values as {@code (x - mean) / std}. Deterministic, so it also applies to the
 * original (un-augmented) copy of each record.
 *
 * @param mean value subtracted, in the units of the input (usually [0, 1] scaled pixels)
 * @param std divisor, finite and greater than zero
 */
public record Normalize(float mean, float std) implements AugmentOp {

  public Normalize {
    if (!Float.isFinite(mean)) {
      throw new IllegalArgumentException("Invalid normalisation mean: " + mean);
    }
    if (!(std > 0) || !Float.isFinite(std)) {
      throw new IllegalArgumentException("Invalid normalisation std: " + std);
    }
  }

  @Override
  public void apply(float[] src, float[] dst, int rows, int cols, SplittableRandom rng) {
    int n = rows * cols;
    for (int i = 0; i < n; i++) {
      dst[i] = apply(src[i]);
    }
  }

  /** One value, normalised; the trainer uses this to normalise stored pixels exactly as here. */
  public float apply(float x) {
    return (x - mean) / std;
  }

  @Override
  public boolean isRandom() {
    return false;
  }
}
