package org.greentrain.data;

/**
 * Bilinear sampling of one row-major plane at real-valued pixel coordinates, where pixel {@code (x,
 * y)} has its centre at exactly {@code (x, y)}. The plane starts at {@code offset} of {@code src},
 * so the planes of a channel-planar image are sampled in place.
 */
final class Bilinear {

  private Bilinear() {}

  /** Samples at {@code (x, y)}, treating every pixel outside the image as {@code fill}. */
  static float sampleOrFill(
      float[] src, int offset, int rows, int cols, double x, double y, float fill) {
    int x0 = (int) Math.floor(x);
    int y0 = (int) Math.floor(y);
    if (x0 < -1 || y0 < -1 || x0 >= cols || y0 >= rows) {
      return fill;
    }
    float fx = (float) (x - x0);
    float fy = (float) (y - y0);
    float v00 = pixelOrFill(src, offset, rows, cols, x0, y0, fill);
    float v01 = pixelOrFill(src, offset, rows, cols, x0 + 1, y0, fill);
    float v10 = pixelOrFill(src, offset, rows, cols, x0, y0 + 1, fill);
    float v11 = pixelOrFill(src, offset, rows, cols, x0 + 1, y0 + 1, fill);
    return lerp(lerp(v00, v01, fx), lerp(v10, v11, fx), fy);
  }

  /**
   * Samples at {@code (x, y)} within the window of columns {@code [left, right]} and rows {@code
   * [top, bottom]}, clamping coordinates to the window as image resizing does at its borders.
   */
  static float sampleClamped(
      float[] src,
      int offset,
      int cols,
      double x,
      double y,
      int left,
      int right,
      int top,
      int bottom) {
    double cx = Math.min(Math.max(x, left), right);
    double cy = Math.min(Math.max(y, top), bottom);
    int x0 = (int) Math.floor(cx);
    int y0 = (int) Math.floor(cy);
    int x1 = Math.min(x0 + 1, right);
    int y1 = Math.min(y0 + 1, bottom);
    float fx = (float) (cx - x0);
    float fy = (float) (cy - y0);
    float top0 = lerp(src[offset + y0 * cols + x0], src[offset + y0 * cols + x1], fx);
    float bottom0 = lerp(src[offset + y1 * cols + x0], src[offset + y1 * cols + x1], fx);
    return lerp(top0, bottom0, fy);
  }

  private static float pixelOrFill(
      float[] src, int offset, int rows, int cols, int x, int y, float fill) {
    return x < 0 || y < 0 || x >= cols || y >= rows ? fill : src[offset + y * cols + x];
  }

  // Written as a + (b - a) * t so that t == 0 returns a exactly, which keeps identity transforms
  // bit-exact.
  private static float lerp(float a, float b, float t) {
    return t == 0f ? a : a + (b - a) * t;
  }
}
