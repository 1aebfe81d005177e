package org.greentrain.data.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.greentrain.config.ConfigLoader;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.data.AugmentPipelines;
import org.greentrain.data.DataOptimizer;
import org.greentrain.data.SourceData;
import org.greentrain.pipeline.RunContext;
import org.greentrain.store.StageReport;
import org.greentrain.testing.SparkSessionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The augment stage's input may outgrow the driver: with spark.driver.maxResultSize at 4 MB, a
 * training split of 24 MB of RGB pixels (Parquet, raw bytes) with exact duplicates, a reject and a
 * computed normalisation is read, deduplicated and augmented in tasks, and the table equals the one
 * the split read whole on the driver gives (single-threaded read, the data lever on the pixels, the
 * normalisation over them, the images broadcast to the augmenting tasks).
 */
class AugmentStageDriverMemoryTest {

  private static final int FILES = 8;
  private static final int ROWS_PER_FILE = 1_024;
  private static final int SIDE = 32;
  private static final int IMAGE_BYTES = 3 * SIDE * SIDE;

  @Test
  @Timeout(600)
  void aSplitSeveralTimesTheDriversResultLimitIsAugmentedInTasksAsTheWholeReadWouldBe(
      @TempDir Path dir) throws Exception {
    int duplicates = writeSource(dir.resolve("source"));
    long pixelBytes = (long) FILES * ROWS_PER_FILE * IMAGE_BYTES;
    assertThat(pixelBytes).as("six times the limit").isGreaterThanOrEqualTo(6L * 4 * 1024 * 1024);
    GreenTrainConfig config =
        ConfigLoader.load(
            null,
            Map.ofEntries(
                Map.entry("run.warehouse", dir.resolve("warehouse").toString()),
                Map.entry("data.source", dir.resolve("source").toString()),
                Map.entry("data.image-column", "img"),
                Map.entry("data.rows", "32"),
                Map.entry("data.cols", "32"),
                Map.entry("data.optimize.exact-duplicates", "true"),
                Map.entry("augment.ops", "[flip, jitter]"),
                Map.entry("augment.normalize-mean", "[]"),
                Map.entry("augment.normalize-std", "[]"),
                Map.entry("augment.copies", "1"),
                Map.entry("augment.shards", "3")));
    SparkSession spark =
        SparkSessionExtension.localBuilder("local[2]", "driver-memory")
            .config("spark.driver.maxResultSize", "4m")
            .getOrCreate();
    try {
      RunContext ctx =
          RunContext.open(
              spark,
              config,
              "big",
              true,
              Clock.systemUTC(),
              new PrintWriter(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      StageReport report = ctx.runStage(AugmentStage.STAGE, () -> new AugmentStage(ctx).run());

      long images = (long) FILES * ROWS_PER_FILE - 1 - duplicates;
      assertThat(report.metrics().get("rejected_records")).isEqualTo(1.0);
      assertThat(report.metrics().get("removed_exact_duplicates")).isEqualTo((double) duplicates);
      Dataset<Row> stage = spark.read().parquet(ctx.warehouse().augmented(ctx.runId()).toString());
      Dataset<Row> whole = wholeOnDriver(spark, config, dir.resolve("whole").toString());
      assertThat(stage.count()).isEqualTo(2 * images);
      assertThat(whole.count()).isEqualTo(2 * images);
      assertThat(stage.exceptAll(whole).count()).isZero();
      assertThat(whole.exceptAll(stage).count()).isZero();
    } finally {
      spark.stop();
    }
  }

  /** The augmented table of today's driver-side path: the split read whole, then broadcast. */
  private static Dataset<Row> wholeOnDriver(
      SparkSession spark, GreenTrainConfig config, String out) {
    SourceData read =
        DataSources.readUnchecked(
            spark.sparkContext().hadoopConfiguration(), config.data().withChannels(3), "train");
    SourceData kept =
        new DataOptimizer(config.data().optimize(), config.data().numClasses(), config.run().seed())
            .apply(read)
            .kept();
    new AugmentedTable(
            AugmentPipelines.fromConfig(config.augment(), AugmentPipelines.computed(kept.images())),
            config.augment().copies(),
            config.augment().shards(),
            config.run().seed())
        .write(spark, kept.images(), kept.recordIds(), out, 3);
    return spark.read().parquet(out);
  }

  /**
   * Writes FILES Parquet files of random RGB images, every 97th a copy of the one before and one of
   * the wrong length; returns the number of copies.
   */
  private static int writeSource(Path source) throws Exception {
    SplittableRandom rng = new SplittableRandom(7);
    int duplicates = 0;
    byte[] previous = null;
    for (int f = 0; f < FILES; f++) {
      List<Object[]> rows = new ArrayList<>();
      for (int r = 0; r < ROWS_PER_FILE; r++) {
        byte[] image = new byte[IMAGE_BYTES];
        rng.nextBytes(image);
        int record = f * ROWS_PER_FILE + r;
        if (record % 97 == 96) {
          image = previous.clone();
          duplicates++;
        }
        if (record == 1_000) {
          image = new byte[10];
        }
        rows.add(new Object[] {rng.nextInt(10), image, 3, SIDE, SIDE});
        previous = image;
      }
      ColourSourcesTest.writeRaw(source.resolve("train/part-" + f + ".parquet"), rows);
    }
    return duplicates;
  }
}
