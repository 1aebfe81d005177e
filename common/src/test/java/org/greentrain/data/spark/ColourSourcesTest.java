package org.greentrain.data.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
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
import org.greentrain.data.FashionMnistFiles;
import org.greentrain.data.IdxWriter;
import org.greentrain.data.LabeledImages;
import org.greentrain.data.SourceData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image folders and Parquet in colour: RGB planes, channels from the source, conversions. */
public class ColourSourcesTest {

  private final Configuration hadoop = new Configuration();

  private static DataConfig config(Path source, String format, int channels) {
    return new DataConfig(
        source.toString(),
        2,
        8,
        8,
        format,
        List.of(),
        false,
        "label",
        "img",
        1,
        OptimizeConfig.OFF,
        channels);
  }

  /** An 8x8 image of one colour, pixel (1, 0) another; written as {@code type}. */
  private static byte[] png(int type, int rgb, int other) throws IOException {
    BufferedImage img = new BufferedImage(8, 8, type);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        img.setRGB(x, y, x == 1 && y == 0 ? other : rgb);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static byte[] greyPng(int value) throws IOException {
    BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster r = img.getRaster();
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        r.setSample(x, y, 0, value);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static byte[] palettePng() throws IOException {
    byte[] reds = {(byte) 200, 0};
    byte[] greens = {10, 0};
    byte[] blues = {30, (byte) 255};
    IndexColorModel palette = new IndexColorModel(1, 2, reds, greens, blues);
    BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_BINARY, palette);
    img.getRaster().setSample(1, 0, 0, 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static int[] pixel(byte[] planes, int index) {
    int n = planes.length / 3;
    return new int[] {planes[index] & 0xff, planes[n + index] & 0xff, planes[2 * n + index] & 0xff};
  }

  @Test
  void colourImageFoldersReadAsRgbPlanesWithAlphaDroppedAndPalettesExpanded(@TempDir Path dir)
      throws IOException {
    Files.createDirectories(dir.resolve("train/a"));
    Files.createDirectories(dir.resolve("train/b"));
    Files.write(dir.resolve("train/a/0.png"), png(BufferedImage.TYPE_INT_RGB, 0xC81E0A, 0x00FF00));
    Files.write(
        dir.resolve("train/a/1.png"), png(BufferedImage.TYPE_INT_ARGB, 0x80102030, 0xFF0000FF));
    Files.write(dir.resolve("train/b/0.png"), palettePng());
    Files.write(dir.resolve("train/b/1.png"), greyPng(77));

    SourceData read = DataSources.readUnchecked(hadoop, config(dir, "auto", 0), "train");

    assertThat(read.images().channels()).as("the first image is colour").isEqualTo(3);
    assertThat(read.images().count()).isEqualTo(4);
    assertThat(pixel(read.images().image(0), 0)).containsExactly(0xC8, 0x1E, 0x0A);
    assertThat(pixel(read.images().image(0), 1)).containsExactly(0, 255, 0);
    assertThat(pixel(read.images().image(1), 0)).containsExactly(0x10, 0x20, 0x30);
    assertThat(pixel(read.images().image(2), 0)).containsExactly(200, 10, 30);
    assertThat(pixel(read.images().image(2), 1)).containsExactly(0, 0, 255);
    assertThat(pixel(read.images().image(3), 5)).containsExactly(77, 77, 77);
    assertThat(read.expandedToRgb()).isEqualTo(1);
    assertThat(read.convertedToGrey()).isZero();
    assertThat(read.conversionNote()).isEqualTo("expanded 1 grey images to RGB");
  }

  @Test
  void aGreyFirstImageMakesTheSourceGreyAndColourImagesAreCountedAsConverted(@TempDir Path dir)
      throws IOException {
    Files.createDirectories(dir.resolve("train/a"));
    Files.createDirectories(dir.resolve("train/b"));
    Files.write(dir.resolve("train/a/0.png"), greyPng(12));
    Files.write(dir.resolve("train/b/0.png"), png(BufferedImage.TYPE_INT_RGB, 0xFF0000, 0));

    SourceData read = DataSources.readUnchecked(hadoop, config(dir, "auto", 0), "train");

    assertThat(read.images().channels()).isEqualTo(1);
    // Luma of pure red: round(0.299 * 255) = 76.
    assertThat(read.images().image(1)[0] & 0xff).isEqualTo(76);
    assertThat(read.convertedToGrey()).isEqualTo(1);
  }

  public static void writeRaw(Path file, List<Object[]> rows) throws IOException {
    writeRaw(file, rows, ParquetWriter.DEFAULT_BLOCK_SIZE);
  }

  /** {@link #writeRaw(Path, List)} with row groups of about {@code rowGroupBytes}. */
  static void writeRaw(Path file, List<Object[]> rows, int rowGroupBytes) throws IOException {
    Files.createDirectories(file.getParent());
    MessageType type =
        MessageTypeParser.parseMessageType(
            "message m { required int32 label; required binary img; required int32 channels;"
                + " required int32 rows; required int32 cols; }");
    SimpleGroupFactory groups = new SimpleGroupFactory(type);
    try (ParquetWriter<Group> w =
        ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toString()))
            .withType(type)
            .withConf(new Configuration())
            .withRowGroupSize(rowGroupBytes)
            .build()) {
      for (Object[] row : rows) {
        Group g = groups.newGroup();
        g.add("label", (Integer) row[0]);
        g.add("img", Binary.fromConstantByteArray((byte[]) row[1]));
        g.add("channels", (Integer) row[2]);
        g.add("rows", (Integer) row[3]);
        g.add("cols", (Integer) row[4]);
        w.write(g);
      }
    }
  }

  @Test
  void parquetRawPixelsWithTheirShapeAreReadAndAWrongLengthIsARejectNamingBoth(@TempDir Path dir)
      throws IOException {
    byte[] rgb = new byte[3 * 64];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) i;
    }
    byte[] grey = new byte[64];
    grey[0] = 99;
    writeRaw(
        dir.resolve("train/part-0.parquet"),
        List.of(
            new Object[] {1, rgb, 3, 8, 8},
            new Object[] {0, new byte[10], 3, 8, 8},
            new Object[] {0, grey, 1, 8, 8},
            new Object[] {1, new byte[3 * 16], 3, 4, 4}));

    SourceData read = DataSources.readUnchecked(hadoop, config(dir, "auto", 0), "train");

    assertThat(read.images().channels()).isEqualTo(3);
    assertThat(read.recordIds()).containsExactly(0, 2);
    assertThat(read.images().image(0)).isEqualTo(rgb);
    assertThat(pixel(read.images().image(1), 0)).containsExactly(99, 99, 99);
    assertThat(read.expandedToRgb()).isEqualTo(1);
    assertThat(read.rejects())
        .extracting(r -> r.record() + ": " + r.reason())
        .containsExactly(
            "1: pixels of 10 bytes, expected channels x rows x cols = 3x8x8 = 192",
            "3: size 4x4 (width x height), expected 8x8 (set data.resize = true to resize)");
  }

  @Test
  void idxReadAsRgbRepeatsTheGreyPlaneAndCountsTheExpansion(@TempDir Path dir) {
    byte[] pixels = new byte[2 * 64];
    pixels[0] = 5;
    pixels[64] = 9;
    IdxWriter.write(
        new LabeledImages(8, 8, pixels, new byte[] {0, 1}),
        dir.resolve(FashionMnistFiles.baseName("train", FashionMnistFiles.IMAGES)),
        dir.resolve(FashionMnistFiles.baseName("train", FashionMnistFiles.LABELS)),
        false);

    SourceData grey = DataSources.readUnchecked(hadoop, config(dir, "auto", 0), "train");
    SourceData rgb = DataSources.readUnchecked(hadoop, config(dir, "auto", 3), "train");

    assertThat(grey.images().channels()).isEqualTo(1);
    assertThat(grey.expandedToRgb()).isZero();
    assertThat(rgb.images().channels()).isEqualTo(3);
    assertThat(rgb.expandedToRgb()).isEqualTo(2);
    assertThat(pixel(rgb.images().image(1), 0)).containsExactly(9, 9, 9);
  }
}
