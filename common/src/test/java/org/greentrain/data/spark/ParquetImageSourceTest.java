package org.greentrain.data.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.greentrain.config.DataConfig;
import org.greentrain.config.OptimizeConfig;
import org.greentrain.data.EncodedImages;
import org.greentrain.data.SourceData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetImageSourceTest {

  private final Configuration hadoop = new Configuration();

  private static DataConfig config(Path source, List<String> classes, String labelCol) {
    return new DataConfig(
        source.toString(),
        2,
        8,
        9,
        "parquet",
        classes,
        false,
        labelCol,
        "img",
        1,
        OptimizeConfig.OFF);
  }

  /** Writes rows of (label, image bytes); a null label or image leaves the field empty. */
  static void write(Path file, String schema, List<Object[]> rows) throws IOException {
    Files.createDirectories(file.getParent());
    MessageType type = MessageTypeParser.parseMessageType(schema);
    SimpleGroupFactory groups = new SimpleGroupFactory(type);
    try (ParquetWriter<Group> w =
        ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toString()))
            .withType(type)
            .withConf(new Configuration())
            .build()) {
      for (Object[] row : rows) {
        Group g = groups.newGroup();
        String labelName = type.getFieldName(0);
        if (row[0] instanceof Integer i) {
          g.add(labelName, i);
        } else if (row[0] instanceof String s) {
          g.add(labelName, s);
        }
        if (row[1] != null) {
          if (type.getType("img").isPrimitive()) {
            g.add("img", Binary.fromConstantByteArray((byte[]) row[1]));
          } else {
            g.addGroup("img").append("bytes", Binary.fromConstantByteArray((byte[]) row[1]));
          }
        }
        w.write(g);
      }
    }
  }

  private static byte[] png(int seed) {
    return ImageFolderSourceTest.png(seed);
  }

  static final String INT_LABELS = "message m { optional int32 label; optional binary img; }";

  @Test
  void readsFilesInPathOrderAndRowsInFileOrder(@TempDir Path dir) throws IOException {
    write(
        dir.resolve("train/part-1.parquet"),
        INT_LABELS,
        List.of(new Object[] {1, png(3)}, new Object[] {0, png(4)}));
    write(
        dir.resolve("train/part-0.parquet"),
        INT_LABELS,
        List.of(new Object[] {0, png(1)}, new Object[] {1, png(2)}));
    write(dir.resolve("train/_SUCCESS"), INT_LABELS, List.of());

    SourceData d = ParquetImageSource.read(hadoop, config(dir, List.of(), "label"), "train");

    assertThat(d.recordIds()).containsExactly(0, 1, 2, 3);
    assertThat(d.images().labels()).containsExactly(0, 1, 1, 0);
    for (int i = 0; i < 4; i++) {
      assertThat(d.images().image(i)).isEqualTo(EncodedImages.grayPixels(8, 9, i + 1));
    }
  }

  @Test
  void badRowsBecomeRejectsNamingFileAndRow(@TempDir Path dir) throws IOException {
    write(
        dir.resolve("train/a.parquet"),
        INT_LABELS,
        List.of(
            new Object[] {0, png(1)},
            new Object[] {7, png(2)},
            new Object[] {null, png(3)},
            new Object[] {1, null},
            new Object[] {1, "garbage".getBytes()},
            new Object[] {1, png(6)}));

    SourceData d = ParquetImageSource.read(hadoop, config(dir, List.of(), "label"), "train");

    assertThat(d.recordIds()).containsExactly(0, 5);
    assertThat(d.rejects())
        .extracting(r -> r.record() + ": " + r.reason())
        .containsExactly(
            "1: label 7 outside [0, 2)",
            "2: no label in column label",
            "3: no image bytes in column img",
            "4: not a PNG or JPEG image");
    assertThat(d.rejects()).allSatisfy(r -> assertThat(r.file()).endsWith("train/a.parquet"));
  }

  @Test
  void stringLabelsMapThroughTheConfiguredClassesAndStructImagesAreRead(@TempDir Path dir)
      throws IOException {
    String schema =
        "message m { optional binary name (STRING);"
            + " optional group img { optional binary bytes; } }";
    write(
        dir.resolve("test/x.parquet"),
        schema,
        List.of(
            new Object[] {"shirt", png(1)},
            new Object[] {"coat", png(2)},
            new Object[] {"hat", png(3)}));

    SourceData d =
        ParquetImageSource.read(hadoop, config(dir, List.of("coat", "shirt"), "name"), "test");

    assertThat(d.images().labels()).containsExactly(1, 0);
    assertThat(d.rejects())
        .extracting(r -> r.reason())
        .containsExactly("unknown label 'hat' (classes: coat, shirt)");
  }

  @Test
  void stringLabelsWithoutClassesAndMissingColumnsAreErrorsNamingTheFile(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("train/x.parquet");
    write(
        file,
        "message m { optional binary label (STRING); optional binary img; }",
        List.<Object[]>of(new Object[] {"coat", png(1)}));

    assertThatThrownBy(
            () -> ParquetImageSource.read(hadoop, config(dir, List.of(), "label"), "train"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("holds class names, so data.classes must list them");
    assertThatThrownBy(
            () -> ParquetImageSource.read(hadoop, config(dir, List.of(), "target"), "train"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("no column target (data.label-column); columns: [label, img]");
  }
}
