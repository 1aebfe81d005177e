package org.greentrain.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Small hand-made image sets and raw IDX bytes for tests. */
final class TestImages {

  private TestImages() {}

  /** {@code count} images of {@code rows x cols}; labels cycle through the classes. */
  static LabeledImages cycling(int count, int rows, int cols, int numClasses) {
    byte[] pixels = new byte[count * rows * cols];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 37 + 11);
    }
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      labels[i] = (byte) (i % numClasses);
    }
    return new LabeledImages(rows, cols, pixels, labels);
  }

  /** An IDX file: magic, the given header ints, then the payload, all uncompressed. */
  static byte[] idx(int magic, int[] header, byte[] payload) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(magic);
      for (int h : header) {
        out.writeInt(h);
      }
      out.write(payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
