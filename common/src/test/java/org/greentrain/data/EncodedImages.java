package org.greentrain.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
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

  /**
   * {@code png} with the width and height of its IHDR chunk replaced and the chunk's CRC
   * recomputed, so a reader believes the header: a tiny file that declares a huge image.
   */
  public static byte[] withPngSize(byte[] png, int width, int height) {
    byte[] out = png.clone();
    // Signature (8), IHDR length (4), type (4), then width and height; the CRC covers type + data.
    ByteBuffer ihdr = ByteBuffer.wrap(out).order(ByteOrder.BIG_ENDIAN);
    ihdr.putInt(16, width).putInt(20, height);
    CRC32 crc = new CRC32();
    crc.update(out, 12, 17);
    ihdr.putInt(29, (int) crc.getValue());
    return out;
  }

  /** {@code jpeg} with the height and width of its baseline frame header (SOF0) replaced. */
  public static byte[] withJpegSize(byte[] jpeg, int width, int height) {
    byte[] out = jpeg.clone();
    for (int i = 2; i + 8 < out.length; i++) {
      if ((out[i] & 0xff) == 0xff && (out[i + 1] & 0xff) == 0xc0) {
        // Marker (2), length (2), precision (1), then height and width, 16 bits each.
        ByteBuffer.wrap(out).putShort(i + 5, (short) height).putShort(i + 7, (short) width);
        return out;
      }
    }
    throw new IllegalStateException("No SOF0 frame header in the JPEG");
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
