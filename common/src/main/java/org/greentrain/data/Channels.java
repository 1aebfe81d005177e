package org.greentrain.data;

/**
 * Conversions between grey (1 channel) and RGB (3 channels, channel-planar) unsigned pixel bytes.
 * Grey from colour is luma with the ITU-R BT.601 weights (0.299 R + 0.587 G + 0.114 B, rounded), as
 * the image readers computed it before colour was kept; RGB from grey repeats the plane.
 */
public final class Channels {

  private Channels() {}

  /** The pixels of one image of {@code from} channels as {@code to} channels (1 or 3). */
  public static byte[] convert(byte[] pixels, int from, int to) {
    if (from == to) {
      return pixels;
    }
    if (from == 3 && to == 1) {
      return toGrey(pixels);
    }
    if (from == 1 && to == 3) {
      return toRgb(pixels);
    }
    throw new IllegalArgumentException(
        "Cannot convert images of " + from + " channels to " + to + " channels");
  }

  /** The luma plane of a 3-plane image. */
  public static byte[] toGrey(byte[] rgb) {
    int n = rgb.length / 3;
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = luma(rgb[i] & 0xff, rgb[n + i] & 0xff, rgb[2 * n + i] & 0xff);
    }
    return out;
  }

  /** The grey plane three times. */
  public static byte[] toRgb(byte[] grey) {
    byte[] out = new byte[3 * grey.length];
    for (int c = 0; c < 3; c++) {
      System.arraycopy(grey, 0, out, c * grey.length, grey.length);
    }
    return out;
  }

  static byte luma(int r, int g, int b) {
    return (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  }
}
