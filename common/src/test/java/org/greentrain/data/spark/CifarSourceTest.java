package org.greentrain.data.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.greentrain.config.DataConfig;
import org.greentrain.config.OptimizeConfig;
import org.greentrain.data.LabeledImages;
import org.greentrain.data.SourceData;
import org.greentrain.error.UserError;
import org.greentrain.testing.SharedSparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CIFAR-10 and CIFAR-100 binary files on generated records with known pixels and labels. */
@SharedSparkSession
class CifarSourceTest {

  private static SparkSession spark;
  private final Configuration hadoop = new Configuration();

  /**
   * A record: label bytes, then a red top-left pixel, green (1, 0), blue (2, 0), rest {@code fill}.
   */
  static byte[] record(int fill, int... labels) {
    byte[] r = new byte[labels.length + 3072];
    for (int i = 0; i < labels.length; i++) {
      r[i] = (byte) labels[i];
    }
    Arrays.fill(r, labels.length, r.length, (byte) fill);
    int p = labels.length;
    // R plane at p, G plane at p + 1024, B plane at p + 2048; pixel (x, y) at y * 32 + x.
    r[p] = (byte) 255;
    r[p + 1024] = 0;
    r[p + 2048] = 0;
    r[p + 1] = 0;
    r[p + 1024 + 1] = (byte) 255;
    r[p + 2048 + 1] = 0;
    r[p + 2] = 0;
    r[p + 1024 + 2] = 0;
    r[p + 2048 + 2] = (byte) 255;
    return r;
  }

  static void write(Path file, byte[]... records) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] r : records) {
      out.writeBytes(r);
    }
    Files.createDirectories(file.getParent());
    Files.write(file, out.toByteArray());
  }

  static DataConfig config(Path source, int classes, int channels) {
    return new DataConfig(
        source.toString(),
        classes,
        32,
        32,
        "auto",
        List.of(),
        false,
        "label",
        "image",
        1.0,
        OptimizeConfig.OFF,
        channels);
  }

  /** CIFAR-10: batch 1 with labels 3, 9, 10 (out of range); batch 2 with 0, 1 and a stub. */
  private static Path cifar10(Path dir) throws IOException {
    write(dir.resolve("data_batch_1.bin"), record(10, 3), record(20, 9), record(30, 10));
    byte[] stub = Arrays.copyOf(record(40, 5), 100);
    write(dir.resolve("data_batch_2.bin"), record(50, 0), record(60, 1), stub);
    write(dir.resolve("test_batch.bin"), record(70, 4), record(80, 8));
    return dir;
  }

  @Test
  void cifar10PlanesAreRgbInFileOrderAndBadRecordsAreRejectsNamingFileAndRecord(@TempDir Path dir)
      throws IOException {
    Path source = cifar10(dir);

    SourceData train = DataSources.readUnchecked(hadoop, config(source, 10, 0), "train");

    LabeledImages images = train.images();
    assertThat(images.channels()).isEqualTo(3);
    assertThat(images.count()).isEqualTo(4);
    assertThat(train.recordIds()).containsExactly(0, 1, 3, 4);
    assertThat(List.of(images.label(0), images.label(1), images.label(2), images.label(3)))
        .containsExactly(3, 9, 0, 1);
    byte[] first = images.image(0);
    assertThat(first).hasSize(3 * 32 * 32);
    // The red pixel (0, 0) is in plane 0 only, the green (1, 0) in plane 1, the blue in plane 2.
    assertThat(new int[] {first[0] & 0xff, first[1024] & 0xff, first[2048] & 0xff})
        .containsExactly(255, 0, 0);
    assertThat(new int[] {first[1] & 0xff, first[1025] & 0xff, first[2049] & 0xff})
        .containsExactly(0, 255, 0);
    assertThat(new int[] {first[2] & 0xff, first[1026] & 0xff, first[2050] & 0xff})
        .containsExactly(0, 0, 255);
    assertThat(first[3]).isEqualTo((byte) 10);
    assertThat(images.image(2)[3]).isEqualTo((byte) 50);
    assertThat(train.rejects())
        .extracting(r -> r.file().replaceAll(".*/", "") + " " + r.record() + ": " + r.reason())
        .containsExactly(
            "data_batch_1.bin 2: label 10 outside [0, 10)",
            "data_batch_2.bin 2: truncated record 2: 100 of 3073 bytes (the file length is not a"
                + " multiple of the record size)");
    assertThat(train.recordsRead()).isEqualTo(6);

    SourceData test = DataSources.readUnchecked(hadoop, config(source, 10, 0), "test");
    assertThat(test.images().count()).isEqualTo(2);
    assertThat(test.images().label(1)).isEqualTo(8);
  }

  @Test
  void sparkTasksReadEachFileAndEqualTheSingleThreadedRead(@TempDir Path dir) throws IOException {
    Path source = cifar10(dir);
    DataConfig data = config(source, 10, 0);

    SourceData inTasks = SourceReader.readUnchecked(spark, data, "train");
    SourceData single = DataSources.readUnchecked(hadoop, data, "train");

    assertThat(inTasks.recordIds()).containsExactly(single.recordIds());
    assertThat(inTasks.images().pixels()).isEqualTo(single.images().pixels());
    assertThat(inTasks.images().labels()).isEqualTo(single.images().labels());
    assertThat(inTasks.rejects()).isEqualTo(single.rejects());
  }

  @Test
  void cifar100UsesTheFineLabel(@TempDir Path dir) throws IOException {
    write(dir.resolve("train.bin"), record(1, 7, 42), record(2, 19, 99));
    write(dir.resolve("test.bin"), record(3, 0, 5));

    assertThat(DataSources.format(hadoop, config(dir, 100, 0))).isEqualTo("cifar100");
    SourceData train = DataSources.readUnchecked(hadoop, config(dir, 100, 0), "train");

    assertThat(train.images().count()).isEqualTo(2);
    assertThat(train.images().label(0)).isEqualTo(42);
    assertThat(train.images().label(1)).isEqualTo(99);
    assertThat(train.images().image(1)[3]).isEqualTo((byte) 2);
    assertThatThrownBy(() -> DataSources.readUnchecked(hadoop, config(dir, 10, 0), "train"))
        .isInstanceOf(UserError.class)
        .hasMessage("Invalid data.num-classes: 10, but cifar100 has 100 classes");
  }

  @Test
  void autoDetectsCifar10AlsoInItsDistributionDirectoryAndOtherwiseFallsBack(@TempDir Path dir)
      throws IOException {
    cifar10(dir.resolve("flat"));
    cifar10(dir.resolve("nested/cifar-10-batches-bin"));
    Files.createDirectories(dir.resolve("folder/train/a"));

    assertThat(DataSources.format(hadoop, config(dir.resolve("flat"), 10, 0))).isEqualTo("cifar10");
    assertThat(DataSources.format(hadoop, config(dir.resolve("nested"), 10, 0)))
        .isEqualTo("cifar10");
    assertThat(
            DataSources.readUnchecked(hadoop, config(dir.resolve("nested"), 10, 0), "train")
                .images()
                .count())
        .isEqualTo(4);
    assertThat(DataSources.format(hadoop, config(dir.resolve("folder"), 10, 0)))
        .isEqualTo("image-folder");
  }

  @Test
  void greyOnRequestIsLumaAndCounted(@TempDir Path dir) throws IOException {
    Path source = cifar10(dir);

    SourceData grey = DataSources.readUnchecked(hadoop, config(source, 10, 1), "train");

    assertThat(grey.images().channels()).isEqualTo(1);
    assertThat(grey.convertedToGrey()).isEqualTo(4);
    byte[] first = grey.images().image(0);
    // BT.601 luma of pure red, green and blue: round(0.299 * 255), round(0.587 * 255), ...
    assertThat(new int[] {first[0] & 0xff, first[1] & 0xff, first[2] & 0xff})
        .containsExactly(76, 150, 29);
    assertThat(grey.conversionNote())
        .isEqualTo("converted 4 colour images to grey (data.channels = 1)");
  }
}
