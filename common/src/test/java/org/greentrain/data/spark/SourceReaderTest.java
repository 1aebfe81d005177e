package org.greentrain.data.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.greentrain.config.DataConfig;
import org.greentrain.config.OptimizeConfig;
import org.greentrain.data.FashionMnistFiles;
import org.greentrain.data.IdxWriter;
import org.greentrain.data.LabeledImages;
import org.greentrain.data.SourceData;
import org.greentrain.testing.SharedSparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding in Spark tasks gives exactly the split the single-threaded reader gives. */
@SharedSparkSession
class SourceReaderTest {

  private static SparkSession spark;

  @Test
  void imageFolderSlicesDecodedInTasksEqualTheSingleThreadedRead(@TempDir Path dir)
      throws Exception {
    for (int i = 0; i < 7; i++) {
      ImageFolderSourceTest.write(
          dir.resolve("train/boot/" + i + ".png"), ImageFolderSourceTest.png(i));
      ImageFolderSourceTest.write(
          dir.resolve("train/coat/" + i + ".png"), ImageFolderSourceTest.png(10 + i));
    }
    Files.writeString(dir.resolve("train/coat/3-broken.png"), "x");
    ImageFolderSourceTest.write(dir.resolve("train/loose.png"), ImageFolderSourceTest.png(99));
    DataConfig data = ImageFolderSourceTest.config(dir, "image-folder", List.of(), false, 1);

    // 16 files in slices of 3: six tasks, the broken file and the loose one in different ones.
    SourceData inTasks = SourceReader.readUnchecked(spark, data, "train", 3);
    SourceData single = ImageFolderSource.read(new Configuration(), data, "train");

    assertSameSplit(inTasks, single);
    assertThat(inTasks.images().count()).isEqualTo(14);
    assertThat(inTasks.rejects())
        .extracting(r -> r.reason())
        .containsExactly("not a PNG or JPEG image", "not in a class sub-folder");
  }

  @Test
  void parquetFilesDecodedInTasksKeepTheRecordIdsOfTheWholeSplit(@TempDir Path dir)
      throws Exception {
    ParquetImageSourceTest.write(
        dir.resolve("test/part-0.parquet"),
        ParquetImageSourceTest.INT_LABELS,
        List.of(
            new Object[] {0, ImageFolderSourceTest.png(1)},
            new Object[] {1, ImageFolderSourceTest.png(2)},
            new Object[] {7, ImageFolderSourceTest.png(3)}));
    ParquetImageSourceTest.write(
        dir.resolve("test/part-1.parquet"),
        ParquetImageSourceTest.INT_LABELS,
        List.of(
            new Object[] {1, "not an image".getBytes()},
            new Object[] {0, ImageFolderSourceTest.png(4)}));
    DataConfig data =
        new DataConfig(
            dir.toString(),
            2,
            8,
            9,
            "parquet",
            List.of(),
            false,
            "label",
            "img",
            1,
            OptimizeConfig.OFF);

    SourceData inTasks = SourceReader.readUnchecked(spark, data, "test");
    SourceData single = ParquetImageSource.read(new Configuration(), data, "test");

    assertSameSplit(inTasks, single);
    // Record 2 (label 7) and record 3 (no image) are rejected; part-1's good row is record 4.
    assertThat(inTasks.recordIds()).containsExactly(0, 1, 4);
    assertThat(inTasks.rejects()).extracting(r -> r.record()).containsExactly(2L, 0L);
  }

  @Test
  void aBadFileFailsWithItsNameThroughTheTask(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("train/x.parquet");
    ParquetImageSourceTest.write(
        file,
        "message m { optional binary label (STRING); optional binary img; }",
        List.<Object[]>of(new Object[] {"coat", ImageFolderSourceTest.png(1)}));
    DataConfig data =
        new DataConfig(
            dir.toString(),
            2,
            8,
            9,
            "parquet",
            List.of(),
            false,
            "label",
            "img",
            1,
            OptimizeConfig.OFF);

    assertThatThrownBy(() -> SourceReader.readUnchecked(spark, data, "train"))
        .rootCause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("data.classes must list them");
  }

  @Test
  void idxRangesReadInTasksEqualTheWholeFileRawOrGzipped(@TempDir Path dir) throws Exception {
    // 5,000 images of 8x9, image i filled with i mod 251, label i mod 2.
    byte[] pixels = new byte[5_000 * 72];
    byte[] labels = new byte[5_000];
    for (int i = 0; i < 5_000; i++) {
      java.util.Arrays.fill(pixels, i * 72, (i + 1) * 72, (byte) (i % 251));
      labels[i] = (byte) (i % 2);
    }
    LabeledImages images = new LabeledImages(8, 9, pixels, labels);
    for (boolean gzip : new boolean[] {false, true}) {
      Path source = dir.resolve(gzip ? "gz" : "raw");
      Files.createDirectories(source);
      IdxWriter.write(
          images,
          source.resolve(FashionMnistFiles.baseName("train", FashionMnistFiles.IMAGES)),
          source.resolve(FashionMnistFiles.baseName("train", FashionMnistFiles.LABELS)),
          gzip);
      DataConfig data = ImageFolderSourceTest.config(source, "idx", List.of(), false, 0);
      Configuration hadoop = new Configuration();

      // Eight cores ask for five ranges of at least 1,000 images; a gzip stream gets four.
      assertThat(SourceReader.units(hadoop, data, "train", 2_000, 8).units())
          .as("gzip %s", gzip)
          .hasSize(gzip ? 4 : 5);
      SourceData inTasks = SourceReader.readUnchecked(spark, data, "train");
      assertThat(inTasks.recordIds()).hasSize(5_000);
      assertThat(inTasks.images().pixels()).isEqualTo(pixels);
      assertThat(inTasks.images().labels()).isEqualTo(labels);
      assertThat(inTasks.recordIds()[4_999]).isEqualTo(4_999);
    }
  }

  private static void assertSameSplit(SourceData actual, SourceData expected) {
    assertThat(actual.source()).isEqualTo(expected.source());
    assertThat(actual.recordIds()).containsExactly(expected.recordIds());
    assertThat(actual.images().pixels()).isEqualTo(expected.images().pixels());
    assertThat(actual.images().labels()).isEqualTo(expected.images().labels());
    assertThat(actual.rejects()).isEqualTo(expected.rejects());
  }
}
