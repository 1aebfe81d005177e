package org.greentrain.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxRoundTripTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void readsBackWhatWasWritten(boolean gzip) throws IOException {
    LabeledImages original = TestImages.cycling(5, 3, 4, 10);
    Path images = dir.resolve("images");
    Path labels = dir.resolve("labels");

    IdxWriter.write(original, images, labels, gzip);
    LabeledImages read = IdxReader.read(images, labels, 10);

    assertThat(read.rows()).isEqualTo(3);
    assertThat(read.cols()).isEqualTo(4);
    assertThat(read.pixels()).isEqualTo(original.pixels());
    assertThat(read.labels()).isEqualTo(original.labels());
    byte[] gzipHead = {0x1f, (byte) 0x8b};
    assertThat(Arrays.copyOf(Files.readAllBytes(images), 2))
        .isEqualTo(gzip ? gzipHead : new byte[] {0, 0});
    assertThat(Arrays.copyOf(Files.readAllBytes(labels), 2))
        .isEqualTo(gzip ? gzipHead : new byte[] {0, 0});
    if (!gzip) {
      assertThat(Files.size(images)).isEqualTo(16 + 5 * 3 * 4);
      assertThat(Files.size(labels)).isEqualTo(8 + 5);
    }
  }

  @Test
  void detectsGzipByContentNotByName() {
    LabeledImages original = TestImages.cycling(4, 2, 2, 3);
    Path gzippedWithoutSuffix = dir.resolve("train-images-idx3-ubyte");
    Path rawWithSuffix = dir.resolve("train-labels-idx1-ubyte.gz");
    IdxWriter.write(original, gzippedWithoutSuffix, dir.resolve("unused"), true);
    IdxWriter.write(original, dir.resolve("unused2"), rawWithSuffix, false);

    LabeledImages read = IdxReader.read(gzippedWithoutSuffix, rawWithSuffix, 3);

    assertThat(read.pixels()).isEqualTo(original.pixels());
    assertThat(read.labels()).isEqualTo(original.labels());
  }

  @Test
  void readsFromCallerStreamsAndUsesTheirNames() {
    byte[] images = TestImages.idx(0x803, new int[] {1, 1, 2}, new byte[] {9, 8});
    byte[] labels = TestImages.idx(0x801, new int[] {1}, new byte[] {4});

    LabeledImages read =
        IdxReader.read(
            new ByteArrayInputStream(images),
            "hdfs://nn/img",
            new ByteArrayInputStream(labels),
            "hdfs://nn/lbl",
            5);

    assertThat(read.image(0)).containsExactly(9, 8);
    assertThat(read.label(0)).isEqualTo(4);
  }

  @Test
  void replacesAnExistingFileAndLeavesNoTemporaries() throws IOException {
    Path images = dir.resolve("images.gz");
    Path labels = dir.resolve("labels.gz");
    IdxWriter.write(TestImages.cycling(6, 2, 2, 2), images, labels, true);

    IdxWriter.write(TestImages.cycling(3, 2, 2, 2), images, labels, true);

    assertThat(IdxReader.read(images, labels, 2).count()).isEqualTo(3);
    assertThat(listNames()).containsExactlyInAnyOrder("images.gz", "labels.gz");
  }

  @Test
  void failedWriteLeavesNothingBehind() throws IOException {
    // A non-empty directory in the way makes the final move fail after both files were written.
    Path images = dir.resolve("images");
    Files.createDirectories(images.resolve("occupied"));
    Path labels = dir.resolve("labels");

    assertThatThrownBy(() -> IdxWriter.write(TestImages.cycling(2, 2, 2, 2), images, labels, false))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("Failed to write " + images);

    assertThat(listNames()).containsExactly("images");
    assertThat(Files.isDirectory(images)).isTrue();
  }

  @Test
  void givesWrittenFilesTheUsualPermissions() throws IOException {
    Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path usual = Files.createFile(dir.resolve("usual"));
    Path images = dir.resolve("images");
    Path labels = dir.resolve("labels");

    IdxWriter.write(TestImages.cycling(2, 2, 2, 2), images, labels, true);

    assertThat(Files.getPosixFilePermissions(images))
        .isEqualTo(Files.getPosixFilePermissions(usual));
    assertThat(Files.getPosixFilePermissions(labels))
        .isEqualTo(Files.getPosixFilePermissions(usual));
  }

  @Test
  void createsMissingParentDirectories() {
    Path images = dir.resolve("a/b/images");
    Path labels = dir.resolve("c/labels");

    IdxWriter.write(TestImages.cycling(2, 2, 2, 2), images, labels, false);

    assertThat(IdxReader.read(images, labels, 2).count()).isEqualTo(2);
  }

  private String[] listNames() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toArray(String[]::new);
    }
  }
}
