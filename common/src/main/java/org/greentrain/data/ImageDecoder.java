package org.greentrain.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes PNG and JPEG bytes with {@code javax.imageio} into channel-planar unsigned bytes of the
 * configured size and channels. A colour image (any colour model but grey: RGB, palette, 16-bit,
 * read as sRGB, alpha dropped) has 3 planes R, G, B; a grey one 1. Converted to the configured
 * channels, colour becomes luma (ITU-R BT.601 weights 0.299, 0.587, 0.114) and grey is repeated in
 * 3 planes; {@link DecodedImage#sourceChannels()} tells the caller, which counts conversions. An
 * image of another size is resized, plane by plane, with bilinear sampling when {@code resize} is
 * on and rejected otherwise. Untrusted bytes are bounded before decoding: at most {@link
 * #MAX_FILE_BYTES} of them, and the size in the image's header is checked ({@link #MAX_PIXELS}, or
 * exactly the configured size without resizing) before the decoder allocates anything for pixels.
 * Thread-safe.
 */
public final class ImageDecoder {

  /**
   * The most pixels an image may declare: 2048 x 2048. Decoding allocates up to 13 bytes a pixel (a
   * 16-bit RGBA raster, its ARGB ints, the gray result), so one image costs at most about 55 MB
   * whatever its header says; larger images are rejected from their header, before any decoding.
   */
  public static final long MAX_PIXELS = 2048L * 2048;

  /**
   * The largest image file read into memory: 16 MiB, above an uncompressed 8-bit RGB image of
   * {@link #MAX_PIXELS} (12 MiB); PNG and JPEG files of real images are far smaller.
   */
  public static final int MAX_FILE_BYTES = 16 << 20;

  private final int channels;
  private final int rows;
  private final int cols;
  private final boolean resize;

  /** A decoder to grey images. */
  public ImageDecoder(int rows, int cols, boolean resize) {
    this(1, rows, cols, resize);
  }

  /**
   * @param channels 1 or 3, or 0 to keep each image's own (1 for grey, 3 for colour)
   */
  public ImageDecoder(int channels, int rows, int cols, boolean resize) {
    if (rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException("Invalid image size: " + rows + "x" + cols);
    }
    if (channels != 0 && channels != 1 && channels != 3) {
      throw new IllegalArgumentException("Invalid channel count: " + channels + " (0, 1 or 3)");
    }
    this.channels = channels;
    this.rows = rows;
    this.cols = cols;
    this.resize = resize;
  }

  /** The pixels of {@code encoded}, or the reason it is rejected; never throws on bad bytes. */
  public DecodedImage decode(byte[] encoded) {
    if (encoded == null || encoded.length == 0) {
      return DecodedImage.rejected("empty image bytes");
    }
    if (encoded.length > MAX_FILE_BYTES) {
      return DecodedImage.rejected(tooLarge(encoded.length));
    }
    if (!isPng(encoded) && !isJpeg(encoded)) {
      return DecodedImage.rejected("not a PNG or JPEG image");
    }
    BufferedImage image;
    try (ImageInputStream in = new ByteArrayImageInputStream(encoded)) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return DecodedImage.rejected("cannot decode: no reader accepted the bytes");
      }
      ImageReader reader = readers.next();
      try {
        // Ancillary chunks (text, ICC profiles) are skipped: they can be compressed bombs too.
        reader.setInput(in, true, true);
        String refusal = checkDeclaredSize(reader.getWidth(0), reader.getHeight(0));
        if (refusal != null) {
          return DecodedImage.rejected(refusal);
        }
        image = reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      // ImageIO signals corrupt data with IOException or, from some plugins, runtime exceptions.
      return DecodedImage.rejected("cannot decode: " + e.getMessage());
    }
    return fit(image);
  }

  /**
   * Raw channel-planar pixels of {@code sourceChannels x h x w} (as a Parquet source may store
   * them), checked, resized and converted like a decoded image.
   */
  public DecodedImage decodeRaw(byte[] pixels, int sourceChannels, int h, int w) {
    if (sourceChannels != 1 && sourceChannels != 3) {
      return DecodedImage.rejected("channels " + sourceChannels + ", expected 1 or 3");
    }
    if (h <= 0 || w <= 0) {
      return DecodedImage.rejected("size " + w + "x" + h + " (width x height) is empty");
    }
    long expected = (long) sourceChannels * h * w;
    if (pixels.length != expected) {
      return DecodedImage.rejected(
          "pixels of "
              + pixels.length
              + " bytes, expected channels x rows x cols = "
              + sourceChannels
              + "x"
              + h
              + "x"
              + w
              + " = "
              + expected);
    }
    String refusal = checkDeclaredSize(w, h);
    if (refusal != null) {
      return DecodedImage.rejected(refusal);
    }
    int target = channels == 0 ? sourceChannels : channels;
    byte[] planes = Channels.convert(pixels, sourceChannels, target);
    if (h != rows || w != cols) {
      planes = resizePlanes(planes, target, h, w);
    }
    return DecodedImage.ok(planes == pixels ? pixels.clone() : planes, sourceChannels);
  }

  /**
   * Why an image of the size its header declares is refused before decoding, or null: the size is
   * all a decoder needs to allocate its raster, so it is checked before any pixel is read.
   */
  private String checkDeclaredSize(int w, int h) {
    if (!resize && (h != rows || w != cols)) {
      return wrongSize(w, h);
    }
    long pixels = (long) w * h;
    if (pixels > MAX_PIXELS) {
      return "size "
          + w
          + "x"
          + h
          + " (width x height): "
          + pixels
          + " pixels exceed the limit of "
          + MAX_PIXELS
          + " pixels";
    }
    return null;
  }

  /** The reject reason of an image file of {@code bytes} bytes over {@link #MAX_FILE_BYTES}. */
  public static String tooLarge(long bytes) {
    return "file of " + bytes + " bytes exceeds the limit of " + MAX_FILE_BYTES + " bytes";
  }

  /** The image at the configured size; its header's size was accepted already. */
  private DecodedImage fit(BufferedImage image) {
    int h = image.getHeight();
    int w = image.getWidth();
    int source = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY ? 1 : 3;
    int target = channels == 0 ? source : channels;
    // Grey from the stored samples or luma, as before colour was kept; RGB planes from sRGB.
    byte[] planes =
        target == 1 || source == 1
            ? Channels.convert(grayscale(image), 1, target)
            : rgbPlanes(image);
    if (h != rows || w != cols) {
      planes = resizePlanes(planes, target, h, w);
    }
    return DecodedImage.ok(planes, source);
  }

  private byte[] resizePlanes(byte[] planes, int count, int h, int w) {
    byte[] out = new byte[count * rows * cols];
    for (int c = 0; c < count; c++) {
      byte[] plane = Arrays.copyOfRange(planes, c * h * w, (c + 1) * h * w);
      System.arraycopy(resize(plane, h, w, rows, cols), 0, out, c * rows * cols, rows * cols);
    }
    return out;
  }

  /** R, G and B planes of the image in sRGB; alpha is dropped. */
  private static byte[] rgbPlanes(BufferedImage image) {
    int h = image.getHeight();
    int w = image.getWidth();
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    int n = h * w;
    byte[] out = new byte[3 * n];
    for (int i = 0; i < n; i++) {
      int p = argb[i];
      out[i] = (byte) (p >>> 16);
      out[n + i] = (byte) (p >>> 8);
      out[2 * n + i] = (byte) p;
    }
    return out;
  }

  private String wrongSize(int w, int h) {
    return "size "
        + w
        + "x"
        + h
        + " (width x height), expected "
        + cols
        + "x"
        + rows
        + " (set data.resize = true to resize)";
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
      out[i] = Channels.luma((p >>> 16) & 0xff, (p >>> 8) & 0xff, p & 0xff);
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
        float v =
            Bilinear.sampleClamped(in, 0, srcCols, srcX, srcY, 0, srcCols - 1, 0, srcRows - 1);
        out[y * cols + x] = (byte) Math.round(Math.min(255f, Math.max(0f, v * 255f)));
      }
    }
    return out;
  }
}
