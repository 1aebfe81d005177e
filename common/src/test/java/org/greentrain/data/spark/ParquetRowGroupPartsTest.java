package org.greentrain.data.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.greentrain.config.DataConfig;
import org.greentrain.config.OptimizeConfig;
import org.greentrain.data.SourceData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large Parquet file is read by several tasks, one per run of its row groups, and its records
 * keep the ids and row numbers the whole file gives them.
 */
class ParquetRowGroupPartsTest {

  private static final int ROWS = 600;
  private static final int IMAGE_BYTES = 3 * 8 * 8;
  private static final int BAD_ROW = 417;

  @Test
  void eachRunOfRowGroupsIsAPartNumberedAsInTheWholeSplit(@TempDir Path dir) throws Exception {
    Configuration hadoop = new Configuration();
    List<byte[]> images = new ArrayList<>();
    writeFile(dir.resolve("train/a.parquet"), images, 0);
    writeFile(dir.resolve("train/b.parquet"), images, 1);
    int groups = rowGroups(hadoop, dir.resolve("train/a.parquet"));
    assertThat(groups).as("the writer cut the file into row groups").isGreaterThanOrEqualTo(4);
    DataConfig data = config(dir);

    List<ParquetImageSource.FilePart> parts =
        ParquetImageSource.list(hadoop, data, "train", 20_000);
    List<ParquetImageSource.FilePart> whole = ParquetImageSource.list(hadoop, data, "train");

    assertThat(whole).hasSize(2);
    assertThat(parts.size()).isGreaterThanOrEqualTo(4);
    List<Long> ids = new ArrayList<>();
    List<String> rejects = new ArrayList<>();
    for (ParquetImageSource.FilePart part : parts) {
      SourceData read = ParquetImageSource.decode(hadoop, data, part);
      for (int i = 0; i < read.images().count(); i++) {
        long id = read.recordIds()[i];
        ids.add(id);
        assertThat(read.images().image(i)).as("record " + id).isEqualTo(images.get((int) id));
        assertThat(read.images().label(i)).isEqualTo((int) (id % 2));
      }
      read.rejects().forEach(r -> rejects.add(r.file().replaceAll(".*/", "") + ":" + r.record()));
    }
    List<Long> expected = new ArrayList<>();
    for (long id = 0; id < 2 * ROWS; id++) {
      if (id % ROWS != BAD_ROW) {
        expected.add(id);
      }
    }
    assertThat(ids).isEqualTo(expected);
    assertThat(rejects).containsExactly("a.parquet:" + BAD_ROW, "b.parquet:" + BAD_ROW);
  }

  /** ROWS raw RGB images, each unique, in small row groups; row BAD_ROW of the wrong length. */
  private static void writeFile(Path file, List<byte[]> images, int fileIndex) throws Exception {
    List<Object[]> rows = new ArrayList<>();
    for (int r = 0; r < ROWS; r++) {
      byte[] image = new byte[IMAGE_BYTES];
      int id = fileIndex * ROWS + r;
      for (int i = 0; i < image.length; i++) {
        image[i] = (byte) (id * 31 + i * 7);
      }
      images.add(image);
      rows.add(new Object[] {id % 2, r == BAD_ROW ? new byte[5] : image, 3, 8, 8});
    }
    ColourSourcesTest.writeRaw(file, rows, 16_000);
  }

  private static int rowGroups(Configuration hadoop, Path file) throws Exception {
    try (ParquetFileReader r =
        ParquetFileReader.open(
            HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toString()), hadoop))) {
      return r.getRowGroups().size();
    }
  }

  private static DataConfig config(Path source) {
    return new DataConfig(
        source.toString(),
        2,
        8,
        8,
        "parquet",
        List.of(),
        false,
        "label",
        "img",
        1,
        OptimizeConfig.OFF,
        3);
  }
}
