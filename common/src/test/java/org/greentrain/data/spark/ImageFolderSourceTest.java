package org.greentrain.data.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.greentrain.config.DataConfig;
import org.greentrain.config.OptimizeConfig;
import org.greentrain.data.EncodedImages;
import org.greentrain.data.SourceData;
import org.greentrain.testing.Allocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderSourceTest {

  private final Configuration hadoop = new Configuration();

  static DataConfig config(
      Path source, String format, List<String> classes, boolean resize, double maxRejects) {
    return new DataConfig(
        source.toString(),
        2,
        8,
        9,
        format,
        classes,
        resize,
        "label",
        "image",
        maxRejects,
        OptimizeConfig.OFF);
  }

  static void write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  static byte[] png(int seed) {
    return EncodedImages.grayPng(EncodedImages.grayPixels(8, 9, seed), 8, 9);
  }

  @Test
  void labelsFollowTheSortedClassFoldersAndRecordIdsThePathOrder(@TempDir Path dir)
      throws IOException {
    write(dir.resolve("train/sneaker/b.png"), png(1));
    write(dir.resolve("train/sneaker/a.png"), png(2));
    write(
        dir.resolve("train/boot/x.jpg"),
        EncodedImages.grayJpeg(EncodedImages.grayPixels(8, 9, 3), 8, 9));

    SourceData d =
        ImageFolderSource.read(hadoop, config(dir, "image-folder", List.of(), false, 0), "train");

    // Path order: boot/x.jpg, sneaker/a.png, sneaker/b.png; boot < sneaker.
    assertThat(d.recordIds()).containsExactly(0, 1, 2);
    assertThat(d.images().labels()).containsExactly(0, 1, 1);
    assertThat(d.images().image(1)).isEqualTo(EncodedImages.grayPixels(8, 9, 2));
    assertThat(d.images().image(2)).isEqualTo(EncodedImages.grayPixels(8, 9, 1));
    assertThat(d.rejects()).isEmpty();
  }

  @Test
  void configuredClassesSetTheOrderAndOtherFoldersAreRejected(@TempDir Path dir)
      throws IOException {
    write(dir.resolve("train/a/1.png"), png(1));
    write(dir.resolve("train/b/1.png"), png(2));
    write(dir.resolve("test/b/1.png"), png(3));
    write(dir.resolve("test/zebra/1.png"), png(4));
    DataConfig c = config(dir, "image-folder", List.of("b", "a"), false, 1);

    SourceData train = ImageFolderSource.read(hadoop, c, "train");
    SourceData test = ImageFolderSource.read(hadoop, c, "test");

    assertThat(train.images().labels()).containsExactly(1, 0);
    assertThat(test.images().labels()).containsExactly(0);
    assertThat(test.rejects())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.file()).endsWith("test/zebra/1.png");
              assertThat(r.reason()).isEqualTo("unknown label 'zebra' (classes: b, a)");
            });
  }

  @Test
  void badFilesBecomeRejectsWithFileAndReasonAndKeepTheOtherRecordIds(@TempDir Path dir)
      throws IOException {
    write(dir.resolve("train/a/1.png"), png(1));
    write(dir.resolve("train/a/2.txt"), "not an image".getBytes());
    write(dir.resolve("train/a/3.png"), EncodedImages.rgb(16, 16, 0, "png"));
    write(dir.resolve("train/b/4.png"), png(4));
    write(dir.resolve("train/loose.png"), png(5));

    SourceData d =
        ImageFolderSource.read(hadoop, config(dir, "image-folder", List.of(), false, 1), "train");

    assertThat(d.recordIds()).containsExactly(0, 3);
    assertThat(d.rejects())
        .extracting(r -> r.file().replaceAll(".*/train/", "") + ": " + r.reason())
        .containsExactly(
            "a/2.txt: not a PNG or JPEG image",
            "a/3.png: size 16x16 (width x height), expected 9x8 (set data.resize = true to resize)",
            "loose.png: not in a class sub-folder");
    assertThat(d.recordsRead()).isEqualTo(5);
  }

  @Test
  void hostileImagesAreRejectsNamingTheFileAndCostLittle(@TempDir Path dir) throws IOException {
    write(dir.resolve("train/a/1.png"), png(1));
    write(dir.resolve("train/a/2.png"), EncodedImages.withPngSize(png(2), 40_000, 40_000));
    // A PNG signature and then 16 MiB of nothing: over the file limit, so it is never read.
    write(dir.resolve("train/b/3.png"), java.util.Arrays.copyOf(png(3), (16 << 20) + 1));
    write(dir.resolve("train/b/4.png"), png(4));
    DataConfig c = config(dir, "image-folder", List.of(), true, 1);
    ImageFolderSource.read(hadoop, c, "train");

    Allocations.Outcome<SourceData> o =
        Allocations.measure(() -> ImageFolderSource.read(hadoop, c, "train"));

    assertThat(o.thrown()).isNull();
    assertThat(o.value().recordIds()).containsExactly(0, 3);
    assertThat(o.value().rejects())
        .extracting(r -> r.file().replaceAll(".*/train/", "") + ": " + r.reason())
        .containsExactly(
            "a/2.png: size 40000x40000 (width x height): 1600000000 pixels exceed the limit of"
                + " 4194304 pixels",
            "b/3.png: file of 16777217 bytes exceeds the limit of 16777216 bytes");
    assertThat(o.allocatedBytes()).isLessThan(8 * Allocations.MIB);
  }

  @Test
  void resizingAcceptsOtherSizes(@TempDir Path dir) throws IOException {
    write(dir.resolve("train/a/1.png"), EncodedImages.rgb(16, 18, 0x404040, "png"));
    write(dir.resolve("train/b/1.png"), png(1));

    SourceData d =
        ImageFolderSource.read(hadoop, config(dir, "image-folder", List.of(), true, 0), "train");

    assertThat(d.images().count()).isEqualTo(2);
    assertThat(d.images().image(0)).containsOnly((byte) 0x40);
  }

  @Test
  void aClassFolderCountOtherThanNumClassesIsAnError(@TempDir Path dir) throws IOException {
    write(dir.resolve("train/a/1.png"), png(1));
    write(dir.resolve("train/b/1.png"), png(1));
    write(dir.resolve("train/c/1.png"), png(1));

    assertThatThrownBy(
            () ->
                ImageFolderSource.read(
                    hadoop, config(dir, "image-folder", List.of(), false, 0), "train"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 class folders [a, b, c] but data.num-classes is 2");
  }

  @Test
  void aMissingSplitDirectoryIsNamed(@TempDir Path dir) throws IOException {
    write(dir.resolve("train/a/1.png"), png(1));
    write(dir.resolve("train/b/1.png"), png(1));

    assertThatThrownBy(
            () ->
                ImageFolderSource.read(
                    hadoop, config(dir, "image-folder", List.of(), false, 0), "test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read the test split of data.source "
                + dir
                + ": directory "
                + dir.resolve("test")
                + " not found (an image-folder source has train/ and test/"
                + " directories with one sub-folder per class)");
  }
}
