package org.greentrain.data.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.greentrain.config.DataConfig;
import org.greentrain.data.SourceData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourcesTest {

  private final Configuration hadoop = new Configuration();

  @Test
  void autoPicksIdxThenParquetThenImageFolder(@TempDir Path dir) throws IOException {
    Path idx = Files.createDirectories(dir.resolve("idx"));
    Files.write(idx.resolve("train-images-idx3-ubyte.gz"), new byte[1]);
    Path parquet = Files.createDirectories(dir.resolve("pq/train"));
    Files.write(parquet.resolve("part-0.parquet"), new byte[1]);
    Path folder = Files.createDirectories(dir.resolve("folder/train/a"));

    assertThat(DataSources.format(hadoop, new DataConfig(idx.toString(), 10, 28, 28)))
        .isEqualTo("idx");
    assertThat(DataSources.format(hadoop, new DataConfig(dir.resolve("pq").toString(), 10, 28, 28)))
        .isEqualTo("parquet");
    assertThat(
            DataSources.format(
                hadoop, new DataConfig(dir.resolve("folder").toString(), 10, 28, 28)))
        .isEqualTo("image-folder");
    assertThat(folder).exists();
  }

  @Test
  void aMissingSourceIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nowhere");

    assertThatThrownBy(
            () -> DataSources.read(hadoop, new DataConfig(missing.toString(), 10, 28, 28), "train"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read data.source " + missing + ": directory not found");
  }

  @Test
  void anEmptySplitIsAnErrorNamingIt(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("train/a"));
    Files.createDirectories(dir.resolve("train/b"));
    DataConfig c = ImageFolderSourceTest.config(dir, "auto", List.of(), false, 0.01);

    assertThatThrownBy(() -> DataSources.read(hadoop, c, "train"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read the train split of data.source file:"
                + dir.resolve("train")
                + ": it has no records");
  }

  @Test
  void tooManyRejectsFailNamingSourceCountFractionAndFirstReasons(@TempDir Path dir)
      throws IOException {
    for (int i = 0; i < 8; i++) {
      ImageFolderSourceTest.write(
          dir.resolve("train/a/" + i + ".png"), ImageFolderSourceTest.png(i));
    }
    ImageFolderSourceTest.write(dir.resolve("train/b/bad.png"), "oops".getBytes());
    ImageFolderSourceTest.write(dir.resolve("train/b/good.png"), ImageFolderSourceTest.png(9));

    // 1 of 10 rejected: 0.1 passes a limit of 0.1 and fails one of 0.05.
    SourceData ok =
        DataSources.read(
            hadoop,
            ImageFolderSourceTest.config(dir, "image-folder", List.of(), false, 0.1),
            "train");
    assertThat(ok.images().count()).isEqualTo(9);
    assertThatThrownBy(
            () ->
                DataSources.read(
                    hadoop,
                    ImageFolderSourceTest.config(dir, "image-folder", List.of(), false, 0.05),
                    "train"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Too many rejected records in the train split of data.source file:"
                + dir.resolve("train")
                + ": 1 of 10 (0.1000) exceed data.max-reject-fraction 0.05;"
                + " first: file:"
                + dir.resolve("train/b/bad.png")
                + ": not a PNG or JPEG image");
  }
}
