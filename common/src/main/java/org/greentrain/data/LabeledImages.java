package org.greentrain.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A set of equally sized images of 1 (grey) or 3 (RGB) channels with one class label each.
 *
 * <p>{@code pixels} holds {@code count * channels * rows * cols} unsigned bytes, image after image,
 * each channel-planar (CHW: all of channel 0 row-major, then channel 1, ...), the layout of the
 * model's input tensor; {@code labels} holds one unsigned byte per image. The record owns its
 * arrays: callers must not mutate them after construction, and {@link #image(int)} hands out
 * copies.
 */
public record LabeledImages(int channels, int rows, int cols, byte[] pixels, byte[] labels)
    implements Serializable {

  public LabeledImages {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("Invalid channel count: " + channels + " (1 or 3)");
    }
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
    long expected = (long) labels.length * channels * rows * cols;
    if (pixels.length != expected) {
      throw new IllegalArgumentException(
          "Cannot create labeled images: "
              + labels.length
              + " labels of "
              + (channels == 1 ? "" : channels + "x")
              + rows
              + "x"
              + cols
              + " need "
              + expected
              + " pixel bytes, got "
              + pixels.length);
    }
  }

  /** Grey images, as IDX files hold them. */
  public LabeledImages(int rows, int cols, byte[] pixels, byte[] labels) {
    this(1, rows, cols, pixels, labels);
  }

  /** Number of images. */
  public int count() {
    return labels.length;
  }

  /** Bytes per image ({@code channels * rows * cols}). */
  public int imageSize() {
    return channels * rows * cols;
  }

  /** The label of image {@code i}, as an unsigned value. */
  public int label(int i) {
    checkIndex(i);
    return labels[i] & 0xff;
  }

  /** A copy of the unsigned pixel bytes of image {@code i}, channel-planar. */
  public byte[] image(int i) {
    checkIndex(i);
    int size = imageSize();
    return Arrays.copyOfRange(pixels, i * size, (i + 1) * size);
  }

  /** The pixels of image {@code i} scaled to [0, 1] ({@code value / 255}), channel-planar. */
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
