package org.greentrain.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** PNG and JPEG bytes of known images, for source and decoder tests. */
public final class EncodedImages {

  private EncodedImages() {}

  /** A grayscale image whose pixel (x, y) is {@code (seed + 7x + 3y) mod 256}. */
  public static byte[] grayPixels(int rows, int cols, int seed) {
    byte[] px = new byte[rows * cols];
    for (int y = 0; y < rows; y++) {
      for (int x = 0; x < cols; x++) {
        px[y * cols + x] = (byte) (seed + 7 * x + 3 * y);
      }
    }
    return px;
  }

  public static byte[] grayPng(byte[] pixels, int rows, int cols) {
    BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
    int[] samples = new int[pixels.length];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = pixels[i] & 0xff;
    }
    img.getRaster().setPixels(0, 0, cols, rows, samples);
    return encode(img, "png");
  }

  /** A colour image filled with one RGB value. */
  public static byte[] rgb(int rows, int cols, int rgb, String format) {
    BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < rows; y++) {
      for (int x = 0; x < cols; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    return encode(img, format);
  }

  public static byte[] grayJpeg(byte[] pixels, int rows, int cols) {
    BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
    int[] samples = new int[pixels.length];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = pixels[i] & 0xff;
    }
    img.getRaster().setPixels(0, 0, cols, rows, samples);
    return encode(img, "jpeg");
  }

  private static byte[] encode(BufferedImage img, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("No ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
