package org.greentrain.data;

import java.util.SplittableRandom;

/**
 * Scales brightness by a factor drawn uniformly from {@code [1 - maxBrightness, 1 +
 * maxBrightness]}, then contrast by a factor drawn from {@code [1 - maxContrast, 1 + maxContrast]}
 * about the image's mean, clamping to [0, 1] after each step as torchvision's {@code ColorJitter}
 * does for grayscale. Place it before {@link Normalize}, while values are still in [0, 1].
 *
 * @param maxBrightness largest relative brightness change, in [0, 1]
 * @param maxContrast largest relative contrast change, in [0, 1]
 */
public record BrightnessContrast(double maxBrightness, double maxContrast) implements AugmentOp {

  public BrightnessContrast {
    if (!(maxBrightness >= 0 && maxBrightness <= 1)) {
      throw new IllegalArgumentException("Invalid maxBrightness: " + maxBrightness);
    }
    if (!(maxContrast >= 0 && maxContrast <= 1)) {
      throw new IllegalArgumentException("Invalid maxContrast: " + maxContrast);
    }
  }

  @Override
  public void apply(float[] src, float[] dst, int rows, int cols, SplittableRandom rng) {
    float brightness = (float) (1 + maxBrightness * (2 * rng.nextDouble() - 1));
    float contrast = (float) (1 + maxContrast * (2 * rng.nextDouble() - 1));
    int n = rows * cols;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      dst[i] = clamp(src[i] * brightness);
      sum += dst[i];
    }
    float mean = (float) (sum / n);
    for (int i = 0; i < n; i++) {
      dst[i] = clamp(mean + (dst[i] - mean) * contrast);
    }
  }

  @Override
  public boolean isRandom() {
    return true;
  }

  private static float clamp(float v) {
    return Math.min(1f, Math.max(0f, v));
  }
}
