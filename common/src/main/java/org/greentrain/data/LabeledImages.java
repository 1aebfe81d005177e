package org.greentrain.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A set of equally sized grayscale images with one class label each, as stored in IDX files.
 *
 * <p>{@code pixels} holds {@code count * rows * cols} unsigned bytes, image after image, each
 * row-major; {@code labels} holds one unsigned byte per image. The record owns its arrays: callers
 * must not mutate them after construction, and {@link #image(int)} hands out copies.
 */
public record LabeledImages(int rows, int cols, byte[] pixels, byte[] labels)
    implements Serializable {

  public LabeledImages {
    if (rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException("Invalid image size: " + rows + "x" + cols);
    }
    if (pixels == null || labels == null) {
      throw new IllegalArgumentException(
          "Cannot create labeled images: pixels and labels are required, got pixels "
              + (pixels == null ? "null" : pixels.length + " bytes")
              + " and labels "
              + (labels == null ? "null" : labels.length + " bytes"));
    }
    long expected = (long) labels.length * rows * cols;
    if (pixels.length != expected) {
      throw new IllegalArgumentException(
          "Cannot create labeled images: "
              + labels.length
              + " labels of "
              + rows
              + "x"
              + cols
              + " need "
              + expected
              + " pixel bytes, got "
              + pixels.length);
    }
  }

  /** Number of images. */
  public int count() {
    return labels.length;
  }

  /** Pixels per image ({@code rows * cols}). */
  public int imageSize() {
    return rows * cols;
  }

  /** The label of image {@code i}, as an unsigned value. */
  public int label(int i) {
    checkIndex(i);
    return labels[i] & 0xff;
  }

  /** A copy of the unsigned pixel bytes of image {@code i}, row-major. */
  public byte[] image(int i) {
    checkIndex(i);
    int size = imageSize();
    return Arrays.copyOfRange(pixels, i * size, (i + 1) * size);
  }

  /** The pixels of image {@code i} scaled to [0, 1] ({@code value / 255}), row-major. */
  public float[] imageAsUnitFloats(int i) {
    checkIndex(i);
    int size = imageSize();
    return PixelConversion.toUnitFloats(pixels, i * size, size);
  }

  private void checkIndex(int i) {
    if (i < 0 || i >= labels.length) {
      throw new IndexOutOfBoundsException(
          "Invalid image index: " + i + " (count " + labels.length + ")");
    }
  }
}
