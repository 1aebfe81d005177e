package org.greentrain.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.greentrain.error.UserError;

/**
 * Reads a pair of IDX files (the MNIST / Fashion-MNIST format): an image file with magic {@code
 * 0x00000803} and header {@code count, rows, cols}, and a label file with magic {@code 0x00000801}
 * and header {@code count}, all big-endian ints, followed by unsigned bytes.
 *
 * <p>Each file may be gzipped or raw; gzip is detected from the first two bytes ({@code 0x1f
 * 0x8b}), never from the file name, because renamed or re-hosted copies often lose or gain the
 * {@code .gz} suffix. Bytes after the declared data are rejected: they mean the header and the
 * payload disagree, which is more likely a damaged file than padding.
 *
 * <p>Bad content is reported as {@link UserError} naming the file; I/O failures as {@link
 * UncheckedIOException}. Stateless and thread-safe.
 */
public final class IdxReader {

  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;

  /** A stream's length when the caller does not know it. */
  public static final long UNKNOWN_LENGTH = -1;

  /**
   * The most a gzip file can inflate to per compressed byte: DEFLATE codes at most 258 repeated
   * bytes with at least 2 bits, 1032 bytes per byte (zlib's technical notes). A header declaring
   * more data than that was not written by an honest gzip.
   */
  static final int MAX_DEFLATE_RATIO = 1032;

  /** Where the length of the data cannot be checked up front, it is read in steps of this. */
  private static final int READ_STEP = 1 << 20;

  private static final int GZIP_MAGIC_0 = 0x1f;
  private static final int GZIP_MAGIC_1 = 0x8b;

  private IdxReader() {}

  /**
   * Reads images and labels from streams the caller opened (and closes), of unknown length: data is
   * then read in steps, so a header that declares more than the stream holds costs no more memory
   * than the stream's bytes. See {@link #read(InputStream, String, long, InputStream, String, long,
   * int)}.
   */
  public static LabeledImages read(
      InputStream images,
      String imagesName,
      InputStream labels,
      String labelsName,
      int numClasses) {
    return read(images, imagesName, UNKNOWN_LENGTH, labels, labelsName, UNKNOWN_LENGTH, numClasses);
  }

  /**
   * Reads images and labels from streams the caller opened (and closes). The names appear in every
   * error message, so pass the path or URI the stream came from. Each header is checked against its
   * file's length before its data is allocated: a raw file must hold the declared bytes, a gzipped
   * one must be able to inflate to them ({@link #MAX_DEFLATE_RATIO}).
   *
   * @param imagesBytes the image file's length in bytes, or {@link #UNKNOWN_LENGTH}
   * @param labelsBytes the label file's length in bytes, or {@link #UNKNOWN_LENGTH}
   * @param numClasses labels must lie in {@code [0, numClasses)}; between 1 and 256
   */
  public static LabeledImages read(
      InputStream images,
      String imagesName,
      long imagesBytes,
      InputStream labels,
      String labelsName,
      long labelsBytes,
      int numClasses) {
    checkClasses(numClasses);
    Pair pair = Pair.open(images, imagesName, imagesBytes, labels, labelsName, labelsBytes);
    Shape shape = pair.shape;
    // count x rows fits in a long; the product with cols is compared by division, not overflowed.
    long imageBytes = (long) shape.count() * shape.rows();
    if (imageBytes > (Integer.MAX_VALUE - 8) / shape.cols()) {
      throw new UserError(
          "Cannot read IDX file "
              + imagesName
              + ": "
              + shape.count()
              + " images of "
              + shape.rows()
              + "x"
              + shape.cols()
              + " exceed the 2 GiB array limit");
    }
    return pair.checkDeclared().read(0, shape.count(), numClasses);
  }

  /** The number and size of the images of an IDX pair, from the headers, checked as in read. */
  public record Shape(int count, int rows, int cols) {

    public long imageBytes() {
      return (long) rows * cols;
    }
  }

  /**
   * Reads the headers only, checked as {@link #read(InputStream, String, long, InputStream, String,
   * long, int)} checks them (magic numbers, equal counts, declared lengths against file lengths).
   */
  public static Shape shape(
      InputStream images,
      String imagesName,
      long imagesBytes,
      InputStream labels,
      String labelsName,
      long labelsBytes) {
    return Pair.open(images, imagesName, imagesBytes, labels, labelsName, labelsBytes)
        .checkDeclared()
        .shape;
  }

  /**
   * Reads the images {@code [from, to)} and their labels: the headers are checked as by {@link
   * #read(InputStream, String, long, InputStream, String, long, int)}, the records before {@code
   * from} skipped, and when {@code to} is the count, the files must end there. A label out of range
   * is named by its index in the whole file.
   */
  public static LabeledImages readRange(
      InputStream images,
      String imagesName,
      long imagesBytes,
      InputStream labels,
      String labelsName,
      long labelsBytes,
      int numClasses,
      int from,
      int to) {
    checkClasses(numClasses);
    Pair pair =
        Pair.open(images, imagesName, imagesBytes, labels, labelsName, labelsBytes).checkDeclared();
    if (from < 0 || to < from || to > pair.shape.count()) {
      throw new IllegalArgumentException(
          "Invalid range [" + from + ", " + to + ") of " + pair.shape.count() + " IDX records");
    }
    return pair.read(from, to, numClasses);
  }

  /** An image file and its label file, opened and their headers read. */
  private record Pair(IdxStream images, IdxStream labels, Shape shape) {

    static Pair open(
        InputStream images,
        String imagesName,
        long imagesBytes,
        InputStream labels,
        String labelsName,
        long labelsBytes) {
      IdxStream imageFile = IdxStream.open(images, imagesName, imagesBytes);
      IdxStream labelFile = IdxStream.open(labels, labelsName, labelsBytes);
      int imageCount = imageFile.readHeader(IMAGES_MAGIC, 3)[0];
      int labelCount = labelFile.readHeader(LABELS_MAGIC, 1)[0];
      if (imageCount != labelCount) {
        throw new UserError(
            "Cannot read IDX files: "
                + imagesName
                + " has "
                + imageCount
                + " images but "
                + labelsName
                + " has "
                + labelCount
                + " labels");
      }
      int[] dims = imageFile.dims;
      return new Pair(imageFile, labelFile, new Shape(imageCount, dims[1], dims[2]));
    }

    /** Checks both files can hold what their headers declare, before either's data is read. */
    Pair checkDeclared() {
      images.checkDeclared(shape.count() * shape.imageBytes(), "pixel data");
      labels.checkDeclared(shape.count(), "label data");
      return this;
    }

    LabeledImages read(int from, int to, int numClasses) {
      long size = shape.imageBytes();
      images.skip(from * size, "pixel data");
      labels.skip(from, "label data");
      byte[] pixels = images.readData(Math.toIntExact((to - from) * size), "pixel data");
      byte[] labelBytes = labels.readData(to - from, "label data");
      if (to == shape.count()) {
        images.expectEnd();
        labels.expectEnd();
      }
      checkLabels(labelBytes, labels.name, numClasses, from);
      return new LabeledImages(shape.rows(), shape.cols(), pixels, labelBytes);
    }
  }

  /**
   * Reads images and labels from local files; see {@link #read(InputStream, String, InputStream,
   * String, int)}.
   */
  public static LabeledImages read(Path images, Path labels, int numClasses) {
    try (InputStream imageIn = open(images);
        InputStream labelIn = open(labels)) {
      return read(
          imageIn,
          images.toString(),
          size(images),
          labelIn,
          labels.toString(),
          size(labels),
          numClasses);
    } catch (IOException e) {
      // Only close() can get here; opening and reading already wrapped their exceptions.
      throw new UncheckedIOException("Failed to close " + images + " or " + labels, e);
    }
  }

  private static InputStream open(Path file) {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + file, e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + file, e);
    }
  }

  private static void checkClasses(int numClasses) {
    if (numClasses < 1 || numClasses > 256) {
      throw new UserError("Invalid number of classes: " + numClasses);
    }
  }

  private static void checkLabels(byte[] labels, String name, int numClasses, int firstIndex) {
    for (int i = 0; i < labels.length; i++) {
      int label = labels[i] & 0xff;
      if (label >= numClasses) {
        throw new UserError(
            "Cannot read IDX file "
                + name
                + ": label "
                + label
                + " at index "
                + (firstIndex + i)
                + " is outside [0, "
                + numClasses
                + ")");
      }
    }
  }

  /** One IDX file being read: the decoded stream, its name and the dimensions from its header. */
  private static final class IdxStream {
    private final InputStream in;
    private final String name;
    private final long fileBytes;
    private final boolean gzipped;
    private long consumed;
    private int[] dims;

    private IdxStream(InputStream in, String name, long fileBytes, boolean gzipped) {
      this.in = in;
      this.name = name;
      this.fileBytes = fileBytes;
      this.gzipped = gzipped;
    }

    static IdxStream open(InputStream raw, String name, long fileBytes) {
      try {
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        boolean gzipped = b0 == GZIP_MAGIC_0 && b1 == GZIP_MAGIC_1;
        InputStream decoded =
            gzipped
                ? new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16)
                : buffered;
        return new IdxStream(decoded, name, fileBytes, gzipped);
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to read " + name, e);
      }
    }

    /**
     * Reads magic and {@code dimensionCount} sizes; returns them and keeps them in {@link #dims}.
     */
    int[] readHeader(int expectedMagic, int dimensionCount) {
      // The magic comes first on its own, so a file of the wrong kind is reported as such even
      // when it is too short for this kind's header.
      int magic = intAt(readData(4, "magic number"), 0);
      if (magic != expectedMagic) {
        throw new UserError(
            String.format(
                "Cannot read IDX file %s: wrong magic number, expected 0x%08x, got 0x%08x",
                name, expectedMagic, magic));
      }
      byte[] header = readData(4 * dimensionCount, "header");
      dims = new int[dimensionCount];
      for (int d = 0; d < dimensionCount; d++) {
        dims[d] = intAt(header, 4 * d);
        // The count (dimension 0) may be zero; image rows and columns may not.
        if (dims[d] < 0 || (d > 0 && dims[d] == 0)) {
          throw new UserError(
              "Cannot read IDX file " + name + ": invalid size " + dims[d] + " in dimension " + d);
        }
      }
      return dims;
    }

    /**
     * Checks that the file can hold {@code length} more bytes of data, as its header declares,
     * before they are allocated: a raw file must have them, a gzipped one must be able to inflate
     * to them. Nothing is known of a stream of unknown length; {@link #readData} bounds it.
     */
    void checkDeclared(long length, String what) {
      if (fileBytes == UNKNOWN_LENGTH) {
        return;
      }
      if (!gzipped && length > fileBytes - consumed) {
        throw truncated(length, what, Math.max(0, fileBytes - consumed), null);
      }
      long inflatable = MAX_DEFLATE_RATIO * fileBytes;
      if (gzipped && consumed + length > inflatable) {
        throw new UserError(
            "Cannot read IDX file "
                + name
                + ": header declares "
                + length
                + " bytes of "
                + what
                + ", which exceeds the "
                + inflatable
                + " bytes its "
                + fileBytes
                + " gzip-compressed bytes can hold (deflate inflates at most "
                + MAX_DEFLATE_RATIO
                + "-fold)");
      }
    }

    /** Skips {@code length} bytes of {@code what}; fewer is a truncated file. */
    void skip(long length, String what) {
      try {
        in.skipNBytes(length);
      } catch (EOFException e) {
        throw truncated(length, what, 0, e);
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to read " + name, e);
      }
      consumed += length;
    }

    /**
     * Reads exactly {@code length} bytes; {@code what} names them in the truncation message. Unless
     * {@link #checkDeclared} vouched for them (a raw file of known length), the buffer grows only
     * as bytes arrive, so a lying header costs at most twice the bytes actually there.
     */
    byte[] readData(int length, String what) {
      boolean vouched = fileBytes != UNKNOWN_LENGTH && !gzipped;
      byte[] data = new byte[vouched ? length : Math.min(length, READ_STEP)];
      int got = 0;
      try {
        while (got < length) {
          if (got == data.length) {
            data = Arrays.copyOf(data, (int) Math.min(length, 2L * data.length));
          }
          int n = in.read(data, got, data.length - got);
          if (n < 0) {
            break;
          }
          got += n;
        }
      } catch (EOFException e) {
        // GZIPInputStream signals a cut-off compressed stream this way; it is a truncated file.
        throw truncated(length, what, got, e);
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to read " + name, e);
      }
      consumed += got;
      if (got < length) {
        throw truncated(length, what, got, null);
      }
      return data;
    }

    void expectEnd() {
      try {
        if (in.read() >= 0) {
          throw new UserError(
              "Cannot read IDX file "
                  + name
                  + ": unexpected bytes after the data declared in its"
                  + " header "
                  + Arrays.toString(dims));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to read " + name, e);
      }
    }

    private UserError truncated(long length, String what, long got, Throwable cause) {
      return new UserError(
          "Cannot read IDX file "
              + name
              + ": truncated, expected "
              + length
              + " bytes of "
              + what
              + ", got "
              + got,
          cause);
    }

    private static int intAt(byte[] b, int off) {
      return (b[off] & 0xff) << 24
          | (b[off + 1] & 0xff) << 16
          | (b[off + 2] & 0xff) << 8
          | (b[off + 3] & 0xff);
    }
  }
}
