package org.greentrain.data;

import java.util.SplittableRandom;

/**
 * Crops a random window and resizes it to {@code size x size}, or back to the full image size when
 * {@code size} is 0, following torchvision's {@code RandomResizedCrop}: the window's area is a
 * fraction of the image drawn uniformly from {@code [minScale, maxScale]}, its aspect ratio (width
 * / height) is drawn log-uniformly from {@code [minRatio, maxRatio]}, and up to ten draws are tried
 * until the window fits. If none fits, the whole image is used, or the largest centred window
 * within the ratio range when the image's own ratio lies outside it.
 *
 * <p>Resizing is bilinear with pixel centres aligned (like {@code align_corners=False}) and without
 * anti-aliasing; with scale 1 and ratio 1 on a square image it is exactly the identity.
 *
 * @param minScale smallest area fraction, in (0, 1]
 * @param maxScale largest area fraction, in [minScale, 1]
 * @param minRatio smallest width / height ratio, greater than 0
 * @param maxRatio largest width / height ratio, at least minRatio
 * @param size the side of the output, or 0 for the input's size
 */
public record RandomResizedCrop(
    double minScale, double maxScale, double minRatio, double maxRatio, int size)
    implements AugmentOp {

  private static final int ATTEMPTS = 10;

  public RandomResizedCrop {
    if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1)) {
      throw new IllegalArgumentException(
          "Invalid crop scale range: [" + minScale + ", " + maxScale + "]");
    }
    if (!(minRatio > 0 && minRatio <= maxRatio && Double.isFinite(maxRatio))) {
      throw new IllegalArgumentException(
          "Invalid crop ratio range: [" + minRatio + ", " + maxRatio + "]");
    }
    if (size < 0) {
      throw new IllegalArgumentException("Invalid crop size: " + size);
    }
  }

  /** A crop resized back to the input's size. */
  public RandomResizedCrop(double minScale, double maxScale, double minRatio, double maxRatio) {
    this(minScale, maxScale, minRatio, maxRatio, 0);
  }

  @Override
  public int outputRows(int rows) {
    return size == 0 ? rows : size;
  }

  @Override
  public int outputCols(int cols) {
    return size == 0 ? cols : size;
  }

  @Override
  public void apply(
      float[] src, float[] dst, int channels, int rows, int cols, SplittableRandom rng) {
    // {left, top, width, height}
    int[] window = new int[4];
    chooseWindow(rows, cols, rng, window);
    int outRows = outputRows(rows);
    int outCols = outputCols(cols);
    for (int c = 0; c < channels; c++) {
      resize(
          src,
          c * rows * cols,
          cols,
          dst,
          c * outRows * outCols,
          outRows,
          outCols,
          window[0],
          window[1],
          window[2],
          window[3]);
    }
  }

  @Override
  public boolean isRandom() {
    return true;
  }

  void chooseWindow(int rows, int cols, SplittableRandom rng, int[] window) {
    double area = (double) rows * cols;
    double logMin = Math.log(minRatio);
    double logMax = Math.log(maxRatio);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      double targetArea = area * uniform(rng, minScale, maxScale);
      double ratio = Math.exp(uniform(rng, logMin, logMax));
      int w = (int) Math.round(Math.sqrt(targetArea * ratio));
      int h = (int) Math.round(Math.sqrt(targetArea / ratio));
      if (w > 0 && w <= cols && h > 0 && h <= rows) {
        window[0] = rng.nextInt(cols - w + 1);
        window[1] = rng.nextInt(rows - h + 1);
        window[2] = w;
        window[3] = h;
        return;
      }
    }
    double imageRatio = (double) cols / rows;
    int w = cols;
    int h = rows;
    if (imageRatio < minRatio) {
      h = Math.max(1, (int) Math.round(w / minRatio));
    } else if (imageRatio > maxRatio) {
      w = Math.max(1, (int) Math.round(h * maxRatio));
    }
    window[0] = (cols - w) / 2;
    window[1] = (rows - h) / 2;
    window[2] = w;
    window[3] = h;
  }

  /**
   * Resizes the window at {@code (left, top)} of size {@code w x h} of a {@code rows x cols} plane
   * to fill a plane of the same size.
   */
  static void resize(
      float[] src, float[] dst, int rows, int cols, int left, int top, int w, int h) {
    resize(src, 0, cols, dst, 0, rows, cols, left, top, w, h);
  }

  /**
   * Resizes the window at {@code (left, top)} of size {@code w x h} of the source plane at {@code
   * srcOffset} ({@code srcCols} wide) to fill the {@code rows x cols} plane at {@code dstOffset}.
   */
  static void resize(
      float[] src,
      int srcOffset,
      int srcCols,
      float[] dst,
      int dstOffset,
      int rows,
      int cols,
      int left,
      int top,
      int w,
      int h) {
    double scaleX = (double) w / cols;
    double scaleY = (double) h / rows;
    int right = left + w - 1;
    int bottom = top + h - 1;
    for (int y = 0; y < rows; y++) {
      double sy = top + (y + 0.5) * scaleY - 0.5;
      for (int x = 0; x < cols; x++) {
        double sx = left + (x + 0.5) * scaleX - 0.5;
        dst[dstOffset + y * cols + x] =
            Bilinear.sampleClamped(src, srcOffset, srcCols, sx, sy, left, right, top, bottom);
      }
    }
  }

  // Draws even when lo == hi so the number of draws does not depend on the parameters.
  private static double uniform(SplittableRandom rng, double lo, double hi) {
    return lo + (hi - lo) * rng.nextDouble();
  }
}
