package org.greentrain.data;

/** Converts unsigned pixel bytes to the float range the augmentation ops work on. */
final class PixelConversion {

  private PixelConversion() {}

  static float[] toUnitFloats(byte[] pixels, int offset, int length) {
    float[] out = new float[length];
    for (int j = 0; j < length; j++) {
      out[j] = (pixels[offset + j] & 0xff) / 255f;
    }
    return out;
  }
}
