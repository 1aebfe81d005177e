package org.greentrain.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * With the given probability, sets a random rectangle of the image to {@code value}, following
 * torchvision's {@code RandomErasing}: the rectangle's area is a fraction of the image drawn
 * uniformly from {@code [minScale, maxScale]}, its aspect ratio (height / width) log-uniformly from
 * {@code [minRatio, maxRatio]}; if ten draws all fail to fit, the image is left unchanged.
 *
 * @param probability chance of erasing, in [0, 1]
 * @param minScale smallest area fraction, in (0, 1)
 * @param maxScale largest area fraction, in [minScale, 1)
 * @param minRatio smallest height / width ratio, greater than 0
 * @param maxRatio largest height / width ratio, at least minRatio
 * @param values what erased pixels become, in the units of the input at this point of the pipeline:
 *     one value for every channel, or one per channel (the rectangle is the same in all)
 */
public record RandomErasing(
    double probability,
    double minScale,
    double maxScale,
    double minRatio,
    double maxRatio,
    float[] values)
    implements AugmentOp {

  private static final int ATTEMPTS = 10;

  public RandomErasing {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("Invalid erasing probability: " + probability);
    }
    if (!(minScale > 0 && minScale <= maxScale && maxScale < 1)) {
      throw new IllegalArgumentException(
          "Invalid erasing scale range: [" + minScale + ", " + maxScale + "]");
    }
    if (!(minRatio > 0 && minRatio <= maxRatio && Double.isFinite(maxRatio))) {
      throw new IllegalArgumentException(
          "Invalid erasing ratio range: [" + minRatio + ", " + maxRatio + "]");
    }
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException("Invalid erasing values: none");
    }
    values = values.clone();
    for (float value : values) {
      if (!Float.isFinite(value)) {
        throw new IllegalArgumentException("Invalid erasing value: " + value);
      }
    }
  }

  /** The same value for every channel. */
  public RandomErasing(
      double probability,
      double minScale,
      double maxScale,
      double minRatio,
      double maxRatio,
      float value) {
    this(probability, minScale, maxScale, minRatio, maxRatio, new float[] {value});
  }

  @Override
  public float[] values() {
    return values.clone();
  }

  @Override
  public void apply(
      float[] src, float[] dst, int channels, int rows, int cols, SplittableRandom rng) {
    System.arraycopy(src, 0, dst, 0, channels * rows * cols);
    if (rng.nextDouble() >= probability) {
      return;
    }
    double area = (double) rows * cols;
    double logMin = Math.log(minRatio);
    double logMax = Math.log(maxRatio);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      double eraseArea = area * (minScale + (maxScale - minScale) * rng.nextDouble());
      double ratio = Math.exp(logMin + (logMax - logMin) * rng.nextDouble());
      int h = (int) Math.round(Math.sqrt(eraseArea * ratio));
      int w = (int) Math.round(Math.sqrt(eraseArea / ratio));
      // Strictly smaller than the image, as in torchvision, so some of the image always remains.
      if (h > 0 && h < rows && w > 0 && w < cols) {
        int top = rng.nextInt(rows - h + 1);
        int left = rng.nextInt(cols - w + 1);
        for (int c = 0; c < channels; c++) {
          float value = values[values.length == 1 ? 0 : c];
          for (int y = top; y < top + h; y++) {
            int row = (c * rows + y) * cols;
            for (int x = left; x < left + w; x++) {
              dst[row + x] = value;
            }
          }
        }
        return;
      }
    }
  }

  @Override
  public boolean isRandom() {
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RandomErasing e
        && probability == e.probability
        && minScale == e.minScale
        && maxScale == e.maxScale
        && minRatio == e.minRatio
        && maxRatio == e.maxRatio
        && Arrays.equals(values, e.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(probability, minScale, maxScale, minRatio, maxRatio)
        + 31 * Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "RandomErasing[probability=%s, scale=[%s, %s], ratio=[%s, %s], values=%s]",
        probability,
        minScale,
        maxScale,
        minRatio,
        maxRatio,
        Arrays.toString(values));
  }
}
