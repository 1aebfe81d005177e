package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The augment stage on an image-folder source: rejects, the threshold, optimisation. */
class DataSourcesCliTest {

  /**
   * train/ and test/ with classes a and b, {@code perClass} PNGs each, {@code bad} corrupt files.
   */
  private static Path imageFolder(Path dir, int perClass, int bad, int duplicates)
      throws IOException {
    SplittableRandom rng = new SplittableRandom(1);
    for (String split : new String[] {"train", "test"}) {
      for (String cls : new String[] {"a", "b"}) {
        Path d = Files.createDirectories(dir.resolve(split).resolve(cls));
        for (int i = 0; i < perClass; i++) {
          byte[] png = png(rng);
          Files.write(d.resolve(String.format("%03d.png", i)), png);
          if (split.equals("train") && cls.equals("a") && i < duplicates) {
            Files.write(d.resolve(String.format("%03d-copy.png", i)), png);
          }
        }
      }
      for (int i = 0; i < bad; i++) {
        Files.writeString(dir.resolve(split).resolve("b").resolve("broken" + i + ".png"), "x");
      }
    }
    return dir;
  }

  private static byte[] png(SplittableRandom rng) throws IOException {
    BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    int[] px = new int[784];
    for (int i = 0; i < px.length; i++) {
      px[i] = rng.nextInt(256);
    }
    img.getRaster().setPixels(0, 0, 28, 28, px);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  @Test
  void rejectsAreCountedWrittenToTheirTableAndShownInTheSummary(@TempDir Path dir)
      throws Exception {
    Path source = imageFolder(dir.resolve("src"), 60, 1, 5);
    Path warehouse = dir.resolve("wh");

    Cli cli =
        Cli.run(
            "augment",
            "--run-id",
            "r1",
            "--conf",
            "run.warehouse=" + warehouse,
            "--conf",
            "data.source=" + source,
            "--conf",
            "data.num-classes=2",
            "--conf",
            "spark.master=local[1]",
            "--conf",
            "data.optimize.exact-duplicates=true",
            "--conf",
            "data.optimize.balanced-fraction=0.5");

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    // 126 train files: 120 images, 5 exact copies, 1 broken. 125 valid, 120 after removing the
    // copies, 60 after halving; 2 rows (original + 1 copy) each.
    assertThat(cli.out())
        .contains("train split: 1 of 126 records rejected (0.79%), see tables/rejects")
        .contains(
            "optimise kept 60 of 125: removed 5 exact duplicates, 0 near duplicates,"
                + " 60 by balanced subsampling");
    String report = Files.readString(warehouse.resolve("runs/r1/stages/augment.json"));
    assertThat(report)
        .contains(
            "\"recordsIn\" : 126",
            "\"recordsOut\" : 120",
            "\"rejected_records\" : 1.0",
            "\"removed_exact_duplicates\" : 5.0");
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet rs =
          st.executeQuery(
              "SELECT split, file, record, reason, run_id FROM read_parquet('"
                  + warehouse
                  + "/tables/rejects/**/*.parquet', hive_partitioning = true)");
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString("split")).isEqualTo("train");
      assertThat(rs.getString("file")).endsWith("src/train/b/broken0.png");
      assertThat(rs.getLong("record")).isZero();
      assertThat(rs.getString("reason")).isEqualTo("not a PNG or JPEG image");
      assertThat(rs.getString("run_id")).isEqualTo("r1");
      assertThat(rs.next()).isFalse();
      ResultSet notes =
          st.executeQuery(
              "SELECT notes FROM read_parquet('"
                  + warehouse
                  + "/tables/stage_energy/**/*.parquet', hive_partitioning = true)");
      assertThat(notes.next()).isTrue();
      assertThat(notes.getString(1)).contains("1 of 126 records rejected", "5 exact duplicates");
    }
  }

  @Test
  void testSplitRejectsAreInTheEvaluateStageNotes(@TempDir Path dir) throws Exception {
    Path source = imageFolder(dir.resolve("src"), 60, 0, 0);
    Files.writeString(source.resolve("test/a/broken.png"), "x");
    Path warehouse = dir.resolve("wh");

    Cli cli =
        Cli.run(
            "run",
            "--run-id",
            "r1",
            "--conf",
            "run.warehouse=" + warehouse,
            "--conf",
            "data.source=" + source,
            "--conf",
            "data.num-classes=2",
            "--conf",
            "spark.master=local[1]",
            "--conf",
            "train.model=mlp",
            "--conf",
            "train.epochs=1",
            "--conf",
            "augment.copies=0");

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out())
        .contains("test split: 1 of 121 records rejected (0.83%), see tables/rejects");
    String report = Files.readString(warehouse.resolve("runs/r1/stages/evaluate.json"));
    assertThat(report)
        .contains("\"recordsIn\" : 121", "\"rejected_records\" : 1.0", "1 of 121 records rejected");
  }

  @Test
  void tooManyRejectsFailTheStageWithExitCode2(@TempDir Path dir) throws Exception {
    Path source = imageFolder(dir.resolve("src"), 10, 2, 0);
    Path warehouse = dir.resolve("wh");

    Cli cli =
        Cli.run(
            "augment",
            "--run-id",
            "r1",
            "--conf",
            "run.warehouse=" + warehouse,
            "--conf",
            "data.source=" + source,
            "--conf",
            "data.num-classes=2",
            "--conf",
            "spark.master=local[1]");

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err().strip())
        .startsWith(
            "greentrain: error: Too many rejected records in the train split of data.source file:"
                + source.resolve("train")
                + ": 2 of 22 (0.0909) exceed data.max-reject-fraction 0.01;"
                + " first: file:"
                + source.resolve("train/b/broken0.png"));
    assertThat(warehouse.resolve("runs/r1/augmented")).doesNotExist();
    assertThat(warehouse.resolve("runs/r1/stages/augment.json")).doesNotExist();
  }

  @Test
  void aMissingSourceIsNamedAndNothingIsWritten(@TempDir Path dir) {
    Path warehouse = dir.resolve("wh");

    Cli cli =
        Cli.run(
            "augment",
            "--run-id",
            "r1",
            "--conf",
            "run.warehouse=" + warehouse,
            "--conf",
            "data.source=" + dir.resolve("none"),
            "--conf",
            "spark.master=local[1]");

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err().strip())
        .isEqualTo(
            "greentrain: error: Cannot read data.source "
                + dir.resolve("none")
                + ": directory not found");
    assertThat(warehouse.resolve("runs/r1/augmented")).doesNotExist();
    assertThat(warehouse.resolve("tables/rejects")).doesNotExist();
  }
}
