package org.greentrain.data;

import java.util.SplittableRandom;

/**
 * Rotates the image about its centre {@code ((cols - 1) / 2, (rows - 1) / 2)} by an angle drawn
 * uniformly from {@code [-maxDegrees, maxDegrees]}; positive angles turn the image
 * counter-clockwise as displayed (rows growing downwards), as in torchvision. Pixels are sampled
 * bilinearly through the inverse rotation; areas that come from outside the image get {@code fill}.
 *
 * @param maxDegrees largest absolute angle, in degrees, between 0 and 180
 * @param fill value for pixels that map outside the source image (0 is black after scaling)
 */
public record RandomRotation(double maxDegrees, float fill) implements AugmentOp {

  public RandomRotation {
    if (!(maxDegrees >= 0 && maxDegrees <= 180)) {
      throw new IllegalArgumentException("Invalid rotation maxDegrees: " + maxDegrees);
    }
    if (!Float.isFinite(fill)) {
      throw new IllegalArgumentException("Invalid rotation fill: " + fill);
    }
  }

  @Override
  public void apply(
      float[] src, float[] dst, int channels, int rows, int cols, SplittableRandom rng) {
    // Always draw, even for maxDegrees 0, so later ops see the same random stream either way.
    double degrees = maxDegrees * (2 * rng.nextDouble() - 1);
    for (int c = 0; c < channels; c++) {
      rotate(src, dst, c * rows * cols, rows, cols, degrees, fill);
    }
  }

  @Override
  public boolean isRandom() {
    return true;
  }

  /** Rotates a grey image by exactly {@code degrees}; the deterministic core of {@link #apply}. */
  static void rotate(float[] src, float[] dst, int rows, int cols, double degrees, float fill) {
    rotate(src, dst, 0, rows, cols, degrees, fill);
  }

  /** Rotates the plane at {@code offset} of {@code src} into the same place of {@code dst}. */
  static void rotate(
      float[] src, float[] dst, int offset, int rows, int cols, double degrees, float fill) {
    double radians = Math.toRadians(degrees);
    double cos = Math.cos(radians);
    double sin = Math.sin(radians);
    double cx = (cols - 1) / 2.0;
    double cy = (rows - 1) / 2.0;
    for (int y = 0; y < rows; y++) {
      double dy = y - cy;
      for (int x = 0; x < cols; x++) {
        double dx = x - cx;
        // Inverse of the counter-clockwise (y-down) rotation: where this output pixel came from.
        double sx = cx + dx * cos - dy * sin;
        double sy = cy + dx * sin + dy * cos;
        dst[offset + y * cols + x] = Bilinear.sampleOrFill(src, offset, rows, cols, sx, sy, fill);
      }
    }
  }
}
