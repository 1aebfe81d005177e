package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run on RGB image folders whose classes differ by colour alone: every pixel's grey level
 * (BT.601 luma) is drawn from the same distribution in every class, so only a model that sees the
 * colour planes can beat chance (1/3).
 */
class ColourImagesRunTest {

  private static final int SIZE = 12;
  private static final int TRAIN_PER_CLASS = 60;
  private static final int TEST_PER_CLASS = 30;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static Path source;

  @BeforeAll
  static void writeImages() throws IOException {
    source = dir.resolve("src");
    SplittableRandom rng = new SplittableRandom(3);
    for (String split : List.of("train", "test")) {
      int count = split.equals("train") ? TRAIN_PER_CLASS : TEST_PER_CLASS;
      for (int cls = 0; cls < 3; cls++) {
        Path d = Files.createDirectories(source.resolve(split).resolve("c" + cls));
        for (int i = 0; i < count; i++) {
          ImageIO.write(image(cls, rng), "png", d.resolve(i + ".png").toFile());
        }
      }
    }
  }

  /**
   * Class 0 red, 1 green, 2 blue: each pixel's grey level L is uniform in [10, 29] and the one
   * non-zero channel is round(L / weight), whose luma rounds back to exactly L.
   */
  static BufferedImage image(int cls, SplittableRandom rng) {
    double[] weights = {0.299, 0.587, 0.114};
    BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        int grey = 10 + rng.nextInt(20);
        int v = (int) Math.round(grey / weights[cls]);
        img.setRGB(x, y, v << (16 - 8 * cls));
      }
    }
    return img;
  }

  private static Cli run(String runId, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--run-id",
                runId,
                "--conf",
                "run.warehouse=" + dir.resolve("wh"),
                "--conf",
                "data.source=" + source,
                "--conf",
                "data.num-classes=3",
                "--conf",
                "data.rows=" + SIZE,
                "--conf",
                "data.cols=" + SIZE,
                "--conf",
                "spark.master=local[1]",
                "--conf",
                "train.model=mlp",
                "--conf",
                "train.epochs=3",
                "--conf",
                "augment.copies=1",
                "--conf",
                "augment.ops=[flip, jitter]",
                "--conf",
                "augment.normalize-mean=[]",
                "--conf",
                "augment.normalize-std=[]",
                "--conf",
                "compress.variants=[int8]"));
    for (String e : extra) {
      args.add("--conf");
      args.add(e);
    }
    return Cli.run(args.toArray(String[]::new));
  }

  private static JsonNode stage(String runId, String stage) throws IOException {
    return JSON.readTree(
        dir.resolve("wh/runs").resolve(runId).resolve("stages/" + stage + ".json").toFile());
  }

  @Test
  void colourClassesAreLearnedFromTheColourPlanes() throws IOException {
    Cli cli = run("rgb");

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out())
        .contains("train split: 3 channels (RGB, from the source)")
        .contains("normalisation computed on the training split: mean [");
    JsonNode augment = stage("rgb", "augment").get("metrics");
    assertThat(augment.get("channels").asDouble()).isEqualTo(3.0);
    assertThat(augment.get("converted_to_grey").asDouble()).isZero();
    assertThat(augment.get("expanded_to_rgb").asDouble()).isZero();
    // Red planes hold about (19.5 / 0.299) / 255 = 0.256 on average in a third of the images.
    assertThat(augment.get("normalize_mean_0").asDouble()).isBetween(0.08, 0.09);
    assertThat(augment.get("normalize_mean_2").asDouble()).isBetween(0.21, 0.24);
    assertThat(stage("rgb", "evaluate").get("testAccuracy").asDouble())
        .as(cli.out())
        .isGreaterThanOrEqualTo(0.95);
    JsonNode manifest =
        JSON.readTree(dir.resolve("wh/runs/rgb/model/manifest.json").toFile()).get("model");
    assertThat(manifest.get("channels").asInt()).isEqualTo(3);
  }

  @Test
  void aGreyModelOfTheSameImagesStaysNearChanceAndTheConversionIsReported() throws IOException {
    Cli cli = run("grey", "data.channels=1");

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    int images = 3 * TRAIN_PER_CLASS;
    assertThat(cli.out())
        .contains(
            "train split: 1 channel (grey, data.channels): converted "
                + images
                + " colour images to grey (data.channels = 1)");
    JsonNode augment = stage("grey", "augment");
    assertThat(augment.get("metrics").get("converted_to_grey").asDouble()).isEqualTo(images);
    assertThat(augment.get("notes").asText())
        .contains("converted " + images + " colour images to grey");
    int testImages = 3 * TEST_PER_CLASS;
    assertThat(cli.out())
        .contains(
            "test split: converted " + testImages + " colour images to grey (data.channels = 1)");
    assertThat(stage("grey", "evaluate").get("metrics").get("converted_to_grey").asDouble())
        .isEqualTo(testImages);
    assertThat(stage("grey", "evaluate").get("testAccuracy").asDouble())
        .as(cli.out())
        .isLessThan(0.55);
    JsonNode manifest =
        JSON.readTree(dir.resolve("wh/runs/grey/model/manifest.json").toFile()).get("model");
    assertThat(manifest.has("channels") ? manifest.get("channels").asInt() : 1).isEqualTo(1);
  }
}
