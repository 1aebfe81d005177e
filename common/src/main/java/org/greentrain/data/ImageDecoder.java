package org.greentrain.data;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Decodes PNG and JPEG bytes with {@code javax.imageio} into row-major unsigned grayscale bytes of
 * the configured size. Colour images become luma (ITU-R BT.601 weights 0.299, 0.587, 0.114; alpha
 * ignored); an image of another size is resized with bilinear sampling when {@code resize} is on
 * and rejected otherwise. Thread-safe.
 */
public final class ImageDecoder {

  private final int rows;
  private final int cols;
  private final boolean resize;

  public ImageDecoder(int rows, int cols, boolean resize) {
    if (rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException("Invalid image size: " + rows + "x" + cols);
    }
    this.rows = rows;
    this.cols = cols;
    this.resize = resize;
  }

  /** The pixels of {@code encoded}, or the reason it is rejected; never throws on bad bytes. */
  public DecodedImage decode(byte[] encoded) {
    if (encoded == null || encoded.length == 0) {
      return DecodedImage.rejected("empty image bytes");
    }
    if (!isPng(encoded) && !isJpeg(encoded)) {
      return DecodedImage.rejected("not a PNG or JPEG image");
    }
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(encoded));
    } catch (IOException | RuntimeException e) {
      // ImageIO signals corrupt data with IOException or, from some plugins, runtime exceptions.
      return DecodedImage.rejected("cannot decode: " + e.getMessage());
    }
    if (image == null) {
      return DecodedImage.rejected("cannot decode: no reader accepted the bytes");
    }
    int h = image.getHeight();
    int w = image.getWidth();
    byte[] gray = grayscale(image);
    if (h == rows && w == cols) {
      return DecodedImage.ok(gray);
    }
    if (!resize) {
      return DecodedImage.rejected(
          "size "
              + w
              + "x"
              + h
              + " (width x height), expected "
              + cols
              + "x"
              + rows
              + " (set data.resize = true to resize)");
    }
    return DecodedImage.ok(resize(gray, h, w, rows, cols));
  }

  static boolean isPng(byte[] b) {
    return b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
  }

  static boolean isJpeg(byte[] b) {
    return b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff;
  }

  private static byte[] grayscale(BufferedImage image) {
    int h = image.getHeight();
    int w = image.getWidth();
    if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
      // The raster is the stored 8-bit samples; getRGB would route them through a colour space.
      byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
      if (data.length == h * w) {
        return data.clone();
      }
    }
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    byte[] out = new byte[h * w];
    for (int i = 0; i < out.length; i++) {
      int p = argb[i];
      int r = (p >>> 16) & 0xff;
      int g = (p >>> 8) & 0xff;
      int b = p & 0xff;
      out[i] = (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    }
    return out;
  }

  /** Bilinear resize with pixel centres aligned, as image libraries do without antialiasing. */
  static byte[] resize(byte[] src, int srcRows, int srcCols, int rows, int cols) {
    float[] in = PixelConversion.toUnitFloats(src, 0, src.length);
    byte[] out = new byte[rows * cols];
    double sy = srcRows / (double) rows;
    double sx = srcCols / (double) cols;
    for (int y = 0; y < rows; y++) {
      double srcY = (y + 0.5) * sy - 0.5;
      for (int x = 0; x < cols; x++) {
        double srcX = (x + 0.5) * sx - 0.5;
        float v = Bilinear.sampleClamped(in, srcCols, srcX, srcY, 0, srcCols - 1, 0, srcRows - 1);
        out[y * cols + x] = (byte) Math.round(Math.min(255f, Math.max(0f, v * 255f)));
      }
    }
    return out;
  }
}
