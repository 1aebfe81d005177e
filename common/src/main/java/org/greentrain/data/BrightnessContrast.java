package org.greentrain.data;

import java.util.SplittableRandom;

/**
 * Colour jitter: scales brightness by a factor drawn uniformly from {@code [1 - maxBrightness, 1 +
 * maxBrightness]}, then contrast by a factor drawn from {@code [1 - maxContrast, 1 + maxContrast]}
 * about the mean grey level of the image, then, for RGB images, saturation by a factor drawn from
 * {@code [1 - maxSaturation, 1 + maxSaturation]} (a blend of each pixel with its grey level),
 * clamping to [0, 1] after each step as torchvision's {@code ColorJitter} does (in this fixed
 * order). Grey levels are luma, ITU-R BT.601 weights (0.299 R + 0.587 G + 0.114 B), as
 * torchvision's {@code rgb_to_grayscale}. Place it before {@link Normalize}, while values are still
 * in [0, 1].
 *
 * <p>A grey image draws no saturation factor (it has no saturation), so grey outputs are the same
 * as before saturation existed.
 *
 * @param maxBrightness largest relative brightness change, in [0, 1]
 * @param maxContrast largest relative contrast change, in [0, 1]
 * @param maxSaturation largest relative saturation change, in [0, 1]
 */
public record BrightnessContrast(double maxBrightness, double maxContrast, double maxSaturation)
    implements AugmentOp {

  private static final float R = 0.299f;
  private static final float G = 0.587f;
  private static final float B = 0.114f;

  public BrightnessContrast {
    if (!(maxBrightness >= 0 && maxBrightness <= 1)) {
      throw new IllegalArgumentException("Invalid maxBrightness: " + maxBrightness);
    }
    if (!(maxContrast >= 0 && maxContrast <= 1)) {
      throw new IllegalArgumentException("Invalid maxContrast: " + maxContrast);
    }
    if (!(maxSaturation >= 0 && maxSaturation <= 1)) {
      throw new IllegalArgumentException("Invalid maxSaturation: " + maxSaturation);
    }
  }

  /** Brightness and contrast only. */
  public BrightnessContrast(double maxBrightness, double maxContrast) {
    this(maxBrightness, maxContrast, 0);
  }

  @Override
  public void apply(
      float[] src, float[] dst, int channels, int rows, int cols, SplittableRandom rng) {
    float brightness = (float) (1 + maxBrightness * (2 * rng.nextDouble() - 1));
    float contrast = (float) (1 + maxContrast * (2 * rng.nextDouble() - 1));
    int n = rows * cols;
    int all = channels * n;
    for (int i = 0; i < all; i++) {
      dst[i] = clamp(src[i] * brightness);
    }
    float mean = channels == 1 ? mean(dst, n) : meanLuma(dst, n);
    for (int i = 0; i < all; i++) {
      dst[i] = clamp(mean + (dst[i] - mean) * contrast);
    }
    if (channels == 3) {
      float saturation = (float) (1 + maxSaturation * (2 * rng.nextDouble() - 1));
      saturate(dst, n, saturation);
    }
  }

  @Override
  public boolean isRandom() {
    return true;
  }

  // The same sum in the same order as before channels existed: grey output stays bit-identical.
  private static float mean(float[] v, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += v[i];
    }
    return (float) (sum / n);
  }

  private static float meanLuma(float[] v, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += luma(v, n, i);
    }
    return (float) (sum / n);
  }

  /** Blends each pixel of a 3-plane image with its grey level, in place. */
  private static void saturate(float[] v, int n, float factor) {
    for (int i = 0; i < n; i++) {
      float grey = luma(v, n, i);
      v[i] = clamp(grey + (v[i] - grey) * factor);
      v[n + i] = clamp(grey + (v[n + i] - grey) * factor);
      v[2 * n + i] = clamp(grey + (v[2 * n + i] - grey) * factor);
    }
  }

  private static float luma(float[] v, int n, int i) {
    return R * v[i] + G * v[n + i] + B * v[2 * n + i];
  }

  private static float clamp(float v) {
    return Math.min(1f, Math.max(0f, v));
  }
}
