package org.greentrain.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.greentrain.compress.CompressStage;
import org.greentrain.config.ConfigLoader;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.data.AugmentPipelines;
import org.greentrain.data.SourceData;
import org.greentrain.data.spark.AugmentStage;
import org.greentrain.data.spark.ColourSourcesTest;
import org.greentrain.data.spark.DataSources;
import org.greentrain.infer.BatchClassifier;
import org.greentrain.infer.VerifiedModel;
import org.greentrain.pipeline.RunContext;
import org.greentrain.store.StageReport;
import org.greentrain.testing.SparkSessionExtension;
import org.greentrain.train.TrainStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluate stage's test split may outgrow the driver: with spark.driver.maxResultSize at 4 MB,
 * a test split of 24 MB of RGB pixels (Parquet, raw bytes, one bad record) is read, normalised and
 * scored in tasks, and the fp32 model's accuracy equals the one the whole split, read and scored on
 * the driver with the model file, gives.
 */
class EvaluateStageDriverMemoryTest {

  private static final int TEST_FILES = 8;
  private static final int ROWS_PER_FILE = 1_024;
  private static final int SIDE = 32;
  private static final int IMAGE_BYTES = 3 * SIDE * SIDE;

  @Test
  @Timeout(600)
  void aTestSplitSeveralTimesTheDriversResultLimitIsScoredInTasksAsOnTheDriver(@TempDir Path dir)
      throws Exception {
    Path source = dir.resolve("source");
    writeSplit(source, "train", 1, 512, 11);
    writeSplit(source, "test", TEST_FILES, ROWS_PER_FILE, 13);
    GreenTrainConfig config =
        ConfigLoader.load(
            null,
            Map.ofEntries(
                Map.entry("run.warehouse", dir.resolve("warehouse").toString()),
                Map.entry("data.source", source.toString()),
                Map.entry("data.image-column", "img"),
                Map.entry("data.rows", "32"),
                Map.entry("data.cols", "32"),
                Map.entry("augment.copies", "0"),
                Map.entry("augment.shards", "2"),
                Map.entry("train.model", "mlp"),
                // A small model: the rounds bring every shard's weights to the driver.
                Map.entry("train.widths", "[16]"),
                Map.entry("train.rounds", "1"),
                Map.entry("train.local-steps", "4"),
                Map.entry("compress.variants", "[int8]")));
    SparkSession spark =
        SparkSessionExtension.localBuilder("local[2]", "evaluate-driver-memory")
            .config("spark.driver.maxResultSize", "4m")
            .getOrCreate();
    try {
      RunContext ctx =
          RunContext.open(
              spark,
              config,
              "big-test",
              true,
              Clock.systemUTC(),
              new PrintWriter(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      ctx.runStage(AugmentStage.STAGE, () -> new AugmentStage(ctx).run());
      ctx.runStage(TrainStage.STAGE, () -> new TrainStage(ctx).run());
      ctx.runStage(CompressStage.STAGE, () -> new CompressStage(ctx).run());
      StageReport report = ctx.runStage(EvaluateStage.STAGE, () -> new EvaluateStage(ctx).run());

      long valid = (long) TEST_FILES * ROWS_PER_FILE - 1;
      assertThat(report.metrics().get("rejected_records")).isEqualTo(1.0);
      assertThat(report.metrics().get("fp32_accuracy"))
          .isEqualTo(accuracyOnTheDriver(ctx, config, valid));
      assertThat(report.metrics()).containsKey("int8_accuracy");
      List<Row> scored =
          spark
              .read()
              .parquet(ctx.warehouse().table("evaluations").toString())
              .select("variant", "test_images")
              .collectAsList();
      assertThat(scored)
          .extracting(r -> r.getString(0) + " " + r.getLong(1))
          .containsExactlyInAnyOrder("fp32 " + valid, "int8 " + valid);
    } finally {
      spark.stop();
    }
  }

  /** The fp32 model file's accuracy on the whole test split, read and scored on the driver. */
  private static double accuracyOnTheDriver(RunContext ctx, GreenTrainConfig config, long valid) {
    SourceData test =
        DataSources.readUnchecked(new Configuration(), config.data().withChannels(3), "test");
    assertThat((long) test.images().count()).isEqualTo(valid);
    float[] pixels =
        AugmentPipelines.normalisedPixels(test.images(), AugmentStage.normalisation(ctx), 0);
    VerifiedModel model =
        VerifiedModel.load(
            ctx.warehouse().fp32Model(ctx.runId()).toUri().toString(), new Configuration());
    int correct = 0;
    try (BatchClassifier c = new BatchClassifier(model.spec(), model.weights(), Device.cpu())) {
      int[] predicted = c.predict(pixels, test.images().count());
      for (int i = 0; i < predicted.length; i++) {
        correct += predicted[i] == test.images().label(i) ? 1 : 0;
      }
    }
    return correct / (double) test.images().count();
  }

  /**
   * Writes {@code files} Parquet files of RGB images whose mean brightness follows the label (so
   * the model scores above chance), the test split's record 1,000 of the wrong length.
   */
  private static void writeSplit(Path source, String split, int files, int rows, long seed)
      throws Exception {
    SplittableRandom rng = new SplittableRandom(seed);
    for (int f = 0; f < files; f++) {
      List<Object[]> out = new ArrayList<>();
      for (int r = 0; r < rows; r++) {
        int label = rng.nextInt(10);
        byte[] image = new byte[IMAGE_BYTES];
        for (int i = 0; i < image.length; i++) {
          image[i] = (byte) Math.min(255, label * 20 + rng.nextInt(60));
        }
        if (split.equals("test") && f * rows + r == 1_000) {
          image = new byte[10];
        }
        out.add(new Object[] {label, image, 3, SIDE, SIDE});
      }
      ColourSourcesTest.writeRaw(source.resolve(split + "/part-" + f + ".parquet"), out);
    }
  }
}
