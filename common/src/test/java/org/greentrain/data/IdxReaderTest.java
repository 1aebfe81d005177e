package org.greentrain.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.greentrain.testing.Allocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

  private static final byte[] LABELS_2 = TestImages.idx(0x801, new int[] {2}, new byte[] {0, 1});
  private static final byte[] IMAGES_2x2x3 =
      TestImages.idx(0x803, new int[] {2, 2, 3}, new byte[12]);

  @TempDir Path dir;

  @Test
  void aRangeHoldsItsRecordsOfTheFileRawOrGzipped() throws IOException {
    // Five 1x2 images: image i has pixels (10i, 10i+1) and label i % 3.
    byte[] pixels = {0, 1, 10, 11, 20, 21, 30, 31, 40, 41};
    byte[] images = TestImages.idx(0x803, new int[] {5, 1, 2}, pixels);
    byte[] labels = TestImages.idx(0x801, new int[] {5}, new byte[] {0, 1, 2, 0, 1});

    for (boolean gz : new boolean[] {false, true}) {
      byte[] im = gz ? gzip(images) : images;
      byte[] lb = gz ? gzip(labels) : labels;
      LabeledImages middle = readRange(im, lb, 3, 1, 3);
      LabeledImages last = readRange(im, lb, 3, 3, 5);

      assertThat(middle.pixels()).as("gzip %s", gz).containsExactly(10, 11, 20, 21);
      assertThat(middle.labels()).containsExactly(1, 2);
      assertThat(last.pixels()).containsExactly(30, 31, 40, 41);
      assertThat(last.labels()).containsExactly(0, 1);
      assertThat(IdxReader.shape(in(im), "i", im.length, in(lb), "l", lb.length))
          .isEqualTo(new IdxReader.Shape(5, 1, 2));
    }
  }

  @Test
  void aRangeNamesABadLabelByItsIndexInTheFileAndTheLastRangeChecksTheEnd() {
    byte[] images = TestImages.idx(0x803, new int[] {4, 1, 1}, new byte[] {1, 2, 3, 4});
    byte[] labels = TestImages.idx(0x801, new int[] {4}, new byte[] {0, 0, 0, 7});
    byte[] padded = Arrays.copyOf(images, images.length + 1);

    assertThat(readRange(images, labels, 3, 0, 2).labels()).containsExactly(0, 0);
    assertThatThrownBy(() -> readRange(images, labels, 3, 2, 4))
        .hasMessage("Cannot read IDX file l: label 7 at index 3 is outside [0, 3)");
    assertThatThrownBy(() -> readRange(padded, labels, 10, 2, 4))
        .hasMessage(
            "Cannot read IDX file i: unexpected bytes after the data declared in its header"
                + " [4, 1, 1]");
  }

  private static LabeledImages readRange(
      byte[] images, byte[] labels, int classes, int from, int to) {
    return IdxReader.readRange(
        in(images), "i", images.length, in(labels), "l", labels.length, classes, from, to);
  }

  private static InputStream in(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }

  @Test
  void rejectsWrongMagicNamingFileAndBothValues() throws IOException {
    Path images = write("images", LABELS_2);
    Path labels = write("labels", LABELS_2);

    assertThatThrownBy(() -> IdxReader.read(images, labels, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read IDX file "
                + images
                + ": wrong magic number, expected 0x00000803, got 0x00000801");
  }

  @Test
  void rejectsTruncatedImageFile() throws IOException {
    Path images = write("images", Arrays.copyOf(IMAGES_2x2x3, IMAGES_2x2x3.length - 5));
    Path labels = write("labels", LABELS_2);

    assertThatThrownBy(() -> IdxReader.read(images, labels, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read IDX file "
                + images
                + ": truncated, expected 12 bytes of pixel data, got 7");
  }

  @Test
  void rejectsTruncatedGzippedImageFile() throws IOException {
    // Random pixels: half of a gzip of zeros could not even inflate to the declared size.
    byte[] pixels = new byte[100 * 28 * 28];
    new java.util.Random(5).nextBytes(pixels);
    byte[] gz = gzip(TestImages.idx(0x803, new int[] {100, 28, 28}, pixels));
    Path images = write("images.gz", Arrays.copyOf(gz, gz.length / 2));
    Path labels = write("labels", TestImages.idx(0x801, new int[] {100}, new byte[100]));

    assertThatThrownBy(() -> IdxReader.read(images, labels, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Cannot read IDX file "
                + images
                + ": truncated, expected 78400 bytes of pixel data, got ");
  }

  @Test
  void rejectsTruncatedLabelFile() throws IOException {
    Path images = write("images", IMAGES_2x2x3);
    Path labels = write("labels", Arrays.copyOf(LABELS_2, LABELS_2.length - 1));

    assertThatThrownBy(() -> IdxReader.read(images, labels, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read IDX file "
                + labels
                + ": truncated, expected 2 bytes of label data, got 1");
  }

  @Test
  void rejectsTruncatedHeader() throws IOException {
    Path images = write("images", Arrays.copyOf(IMAGES_2x2x3, 6));
    Path labels = write("labels", LABELS_2);

    assertThatThrownBy(() -> IdxReader.read(images, labels, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read IDX file " + images + ": truncated, expected 12 bytes of header, got 2");
  }

  @Test
  void rejectsCountMismatchNamingBothFilesAndCounts() throws IOException {
    Path images = write("images", IMAGES_2x2x3);
    Path labels = write("labels", TestImages.idx(0x801, new int[] {3}, new byte[3]));

    assertThatThrownBy(() -> IdxReader.read(images, labels, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read IDX files: " + images + " has 2 images but " + labels + " has 3 labels");
  }

  @Test
  void rejectsLabelOutOfRangeNamingFileIndexAndValue() throws IOException {
    Path images = write("images", IMAGES_2x2x3);
    Path labels = write("labels", TestImages.idx(0x801, new int[] {2}, new byte[] {9, 10}));

    assertThatThrownBy(() -> IdxReader.read(images, labels, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read IDX file " + labels + ": label 10 at index 1 is outside [0, 10)");
  }

  @Test
  void readsLabelsAsUnsignedBytes() throws IOException {
    Path images = write("images", IMAGES_2x2x3);
    Path labels = write("labels", TestImages.idx(0x801, new int[] {2}, new byte[] {0, -56}));

    assertThatThrownBy(() -> IdxReader.read(images, labels, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read IDX file " + labels + ": label 200 at index 1 is outside [0, 100)");
    assertThat(IdxReader.read(images, labels, 256).label(1)).isEqualTo(200);
  }

  @Test
  void rejectsZeroImageSize() throws IOException {
    Path images = write("images", TestImages.idx(0x803, new int[] {2, 0, 3}, new byte[0]));
    Path labels = write("labels", LABELS_2);

    assertThatThrownBy(() -> IdxReader.read(images, labels, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read IDX file " + images + ": invalid size 0 in dimension 1");
  }

  @Test
  void rejectsNegativeCount() throws IOException {
    Path images = write("images", IMAGES_2x2x3);
    Path labels = write("labels", TestImages.idx(0x801, new int[] {-1}, new byte[0]));

    assertThatThrownBy(() -> IdxReader.read(images, labels, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read IDX file " + labels + ": invalid size -1 in dimension 0");
  }

  @Test
  void rejectsTrailingBytes() throws IOException {
    Path images = write("images", Arrays.copyOf(IMAGES_2x2x3, IMAGES_2x2x3.length + 1));
    Path labels = write("labels", LABELS_2);

    assertThatThrownBy(() -> IdxReader.read(images, labels, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read IDX file "
                + images
                + ": unexpected bytes after the data declared in its header [2, 2, 3]");
  }

  @Test
  void rejectsInvalidClassCount() {
    InputStream empty = new ByteArrayInputStream(new byte[0]);

    assertThatThrownBy(() -> IdxReader.read(empty, "a", empty, "b", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid number of classes: 0");
  }

  @Test
  void wrapsMissingFileAsUncheckedIo() throws IOException {
    Path images = write("images", IMAGES_2x2x3);
    Path labels = dir.resolve("missing");

    assertThatThrownBy(() -> IdxReader.read(images, labels, 10))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("Failed to read " + labels);
  }

  @Test
  void wrapsStreamFailureAsUncheckedIoNamingTheStream() {
    InputStream failing =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("connection reset");
          }
        };

    assertThatThrownBy(
            () ->
                IdxReader.read(
                    failing, "hdfs://nn/images", new ByteArrayInputStream(LABELS_2), "labels", 10))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("Failed to read hdfs://nn/images")
        .hasRootCauseMessage("connection reset");
  }

  @Test
  void aHeaderDeclaringMoreThanTheFileHoldsFailsBeforeAllocating() throws IOException {
    Path images =
        write("images", TestImages.idx(0x803, new int[] {200_000, 28, 28}, new byte[100]));
    Path labels = write("labels", TestImages.idx(0x801, new int[] {200_000}, new byte[100]));

    assertRefusedCheaply(
        images,
        labels,
        "Cannot read IDX file "
            + images
            + ": truncated, expected 156800000 bytes of pixel data,"
            + " got 100");
  }

  @Test
  void aGzippedHeaderDeclaringMoreThanDeflateCanHoldFailsBeforeAllocating() throws IOException {
    Path images =
        write("images", gzip(TestImages.idx(0x803, new int[] {200_000, 28, 28}, new byte[100])));
    Path labels = write("labels", TestImages.idx(0x801, new int[] {200_000}, new byte[100]));
    long gzBytes = Files.size(images);

    assertRefusedCheaply(
        images,
        labels,
        "Cannot read IDX file "
            + images
            + ": header declares 156800000 bytes of pixel data, which exceeds the "
            + 1032 * gzBytes
            + " bytes its "
            + gzBytes
            + " gzip-compressed bytes can hold (deflate inflates at most 1032-fold)");
  }

  @Test
  void aDeclaredSizeWhoseProductOverflowsIsRefused() throws IOException {
    int max = Integer.MAX_VALUE;
    // count x rows x cols wraps to a small positive int: 4 bytes of data would have been read.
    Path images = write("images", TestImages.idx(0x803, new int[] {max, max, 4}, new byte[4]));
    Path labels = write("labels", TestImages.idx(0x801, new int[] {max}, new byte[4]));

    assertRefusedCheaply(
        images,
        labels,
        "Cannot read IDX file "
            + images
            + ": 2147483647 images of 2147483647x4 exceed the 2 GiB array limit");
  }

  @Test
  void aLabelFileDeclaringMoreThanItHoldsFailsBeforeAllocating() throws IOException {
    int count = 20_000_000;
    // One-pixel images, so the image file is honest up to its last 100 bytes.
    Path images = write("images", TestImages.idx(0x803, new int[] {count, 1, 1}, new byte[count]));
    Path labels = write("labels", TestImages.idx(0x801, new int[] {count}, new byte[100]));

    Allocations.Outcome<LabeledImages> o =
        Allocations.measure(() -> IdxReader.read(images, labels, 10));

    assertThat(o.thrown())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read IDX file "
                + labels
                + ": truncated, expected 20000000 bytes of label data, got 100");
    // The pixels (20 MB) are not read either: both files are checked before either is.
    assertThat(o.allocatedBytes()).isLessThan(4 * Allocations.MIB);
  }

  private static void assertRefusedCheaply(Path images, Path labels, String message) {
    Allocations.Outcome<LabeledImages> o =
        Allocations.measure(() -> IdxReader.read(images, labels, 10));

    assertThat(o.thrown()).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    assertThat(o.allocatedBytes()).isLessThan(4 * Allocations.MIB);
  }

  private Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  private static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(raw);
    }
    return bytes.toByteArray();
  }
}
