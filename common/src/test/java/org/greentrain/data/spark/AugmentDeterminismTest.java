package org.greentrain.data.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.greentrain.data.AugmentOp;
import org.greentrain.data.AugmentPipeline;
import org.greentrain.data.BrightnessContrast;
import org.greentrain.data.HorizontalFlip;
import org.greentrain.data.LabeledImages;
import org.greentrain.data.Normalize;
import org.greentrain.data.RandomErasing;
import org.greentrain.data.RandomResizedCrop;
import org.greentrain.data.RandomRotation;
import org.greentrain.testing.SharedSparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The augmented table depends only on (seed, copy, record id): not on how many tasks augment, how
 * many shards it is cut into, or whether a task ran twice.
 */
@SharedSparkSession(master = "local[2,2]")
class AugmentDeterminismTest {

  private static final int COUNT = 96;
  private static final int COPIES = 2;
  private static final long SEED = 42;
  private static SparkSession spark;

  private static List<AugmentOp> allOps() {
    return new ArrayList<>(
        List.of(
            new RandomRotation(15, 0f),
            new RandomResizedCrop(0.6, 1, 0.75, 1.33),
            new HorizontalFlip(0.5),
            new BrightnessContrast(0.2, 0.2),
            new RandomErasing(0.5, 0.02, 0.2, 0.3, 3.3, 0f),
            new Normalize(0.286f, 0.353f)));
  }

  private static LabeledImages images() {
    SplittableRandom rng = new SplittableRandom(3);
    byte[] pixels = new byte[COUNT * 28 * 28];
    rng.nextBytes(pixels);
    byte[] labels = new byte[COUNT];
    for (int i = 0; i < COUNT; i++) {
      labels[i] = (byte) rng.nextInt(10);
    }
    return new LabeledImages(28, 28, pixels, labels);
  }

  /** (record id, copy) -> label and pixels, read back from the written table; no duplicates. */
  private static Map<String, String> read(Path table) {
    Map<String, String> out = new HashMap<>();
    List<Row> rows = spark.read().parquet(table.toString()).collectAsList();
    for (Row r : rows) {
      out.put(
          r.getAs("record_id") + "/" + r.getAs("copy"),
          r.getAs("label") + ":" + Arrays.toString((byte[]) r.getAs("pixels")));
    }
    assertThat(rows).as("one row per (record id, copy)").hasSize(out.size());
    return out;
  }

  /** Every file and directory under the table, relative to it, hidden checksum files left out. */
  private static List<String> files(Path table) throws IOException {
    try (Stream<Path> all = Files.walk(table)) {
      return all.filter(p -> !p.equals(table) && !p.getFileName().toString().startsWith("."))
          .map(p -> table.relativize(p).toString())
          .sorted()
          .collect(Collectors.toList());
    }
  }

  private static long[] ids(int from) {
    long[] ids = new long[COUNT];
    Arrays.setAll(ids, i -> from + 7L * i);
    return ids;
  }

  @Test
  void oneOrEightPartitionsAndShardsGiveTheSameRecords(@TempDir Path dir) {
    LabeledImages images = images();
    AugmentPipeline pipeline = new AugmentPipeline(allOps());

    new AugmentedTable(pipeline, COPIES, 1, SEED)
        .write(spark, images, ids(5), dir.resolve("one").toString(), 1);
    new AugmentedTable(pipeline, COPIES, 8, SEED)
        .write(spark, images, ids(5), dir.resolve("eight").toString(), 8);

    Map<String, String> one = read(dir.resolve("one"));
    Map<String, String> eight = read(dir.resolve("eight"));
    assertThat(one).hasSize(COUNT * (COPIES + 1)).isEqualTo(eight);
    // Every op keeps the label: each copy of a record carries the record's label.
    for (int i = 0; i < COUNT; i++) {
      for (int copy = 0; copy <= COPIES; copy++) {
        assertThat(one.get(ids(5)[i] + "/" + copy)).startsWith(images.label(i) + ":");
      }
    }
    assertThat(
            spark
                .read()
                .parquet(dir.resolve("eight").toString())
                .select("shard")
                .distinct()
                .count())
        .isEqualTo(8);
  }

  /**
   * Passes pixels through, but fails the first attempt of the task of partition 1 at its tenth
   * image, when that task has already opened its files and written rows.
   */
  static final class FailFirstAttempt implements AugmentOp {
    static final AtomicInteger FAILURES = new AtomicInteger();
    static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    public void apply(
        float[] src, float[] dst, int channels, int rows, int cols, SplittableRandom rng) {
      TaskContext task = TaskContext.get();
      if (task != null
          && task.attemptNumber() == 0
          && task.partitionId() == 1
          && CALLS.incrementAndGet() == 10) {
        FAILURES.incrementAndGet();
        throw new IllegalStateException("injected failure of the first attempt");
      }
      System.arraycopy(src, 0, dst, 0, channels * rows * cols);
    }

    @Override
    public boolean isRandom() {
      return false;
    }
  }

  @Test
  void aRetriedTaskWritesTheSameRecordsAndLeavesNoFileOfItsFailedAttempt(@TempDir Path dir)
      throws IOException {
    LabeledImages images = images();
    List<AugmentOp> failing = allOps();
    failing.add(2, new FailFirstAttempt());
    FailFirstAttempt.FAILURES.set(0);
    FailFirstAttempt.CALLS.set(0);

    new AugmentedTable(new AugmentPipeline(allOps()), COPIES, 4, SEED)
        .write(spark, images, ids(0), dir.resolve("straight").toString(), 4);
    new AugmentedTable(new AugmentPipeline(failing), COPIES, 4, SEED)
        .write(spark, images, ids(0), dir.resolve("retried").toString(), 4);

    assertThat(FailFirstAttempt.FAILURES.get()).isEqualTo(1);
    assertThat(read(dir.resolve("retried")))
        .hasSize(COUNT * (COPIES + 1))
        .isEqualTo(read(dir.resolve("straight")));
    // One file per (task, shard) it has rows for, named by task: none from the failed attempt.
    assertThat(files(dir.resolve("retried")))
        .isEqualTo(files(dir.resolve("straight")))
        .contains("_SUCCESS", "shard=0", "shard=3", "shard=0/part-00001.snappy.parquet")
        .doesNotContain("_temporary")
        .allMatch(f -> f.matches("_SUCCESS|shard=[0-3](/part-0000[0-3][.]snappy[.]parquet)?"));
  }

  @Test
  void theTableReadsWithTheDocumentedSchemaAndNormalisation(@TempDir Path dir) throws IOException {
    new AugmentedTable(new AugmentPipeline(allOps()), COPIES, 2, SEED)
        .write(spark, images(), ids(0), dir.resolve("t").toString(), 3);

    Dataset<Row> table = spark.read().parquet(dir.resolve("t").toString());
    assertThat(table.schema()).isEqualTo(AugmentedTable.SCHEMA);
    assertThat(table.select("normalize_mean", "normalize_std").distinct().collectAsList())
        .extracting(r -> List.of(r.getList(0), r.getList(1)))
        .containsExactly(List.of(List.of(0.286f), List.of(0.353f)));
    assertThat(table.select("channels").distinct().collectAsList())
        .containsExactly(RowFactory.create(1));
    assertThat(table.where("copy = 0 AND record_id = 7").select("pixels").first().<byte[]>getAs(0))
        .as("the original is stored as its source bytes")
        .isEqualTo(images().image(1));
    try (Stream<Path> all = Files.walk(dir.resolve("t"))) {
      assertThat(all.map(p -> p.getFileName().toString()))
          .as("data files on a local disk are written without Hadoop's checksum files")
          .anyMatch(name -> name.endsWith(".snappy.parquet"))
          .noneMatch(name -> name.endsWith(".parquet.crc"));
    }
  }

  @Test
  void aFailedWriteLeavesNoOutputAndAnExistingOutputIsNotTouched(@TempDir Path dir)
      throws IOException {
    List<AugmentOp> broken = allOps();
    broken.add(0, new AlwaysFails());
    Path out = dir.resolve("failed");

    assertThatThrownBy(
            () ->
                new AugmentedTable(new AugmentPipeline(broken), COPIES, 2, SEED)
                    .write(spark, images(), ids(0), out.toString(), 2))
        .hasStackTraceContaining("always fails");
    assertThat(out).doesNotExist();

    Path existing = Files.createDirectories(dir.resolve("existing"));
    Files.writeString(existing.resolve("keep"), "x");
    assertThatThrownBy(
            () ->
                new AugmentedTable(new AugmentPipeline(allOps()), COPIES, 2, SEED)
                    .write(spark, images(), ids(0), existing.toString(), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot write the augmented table: ")
        .hasMessageEndingWith("existing already exists");
    assertThat(existing.resolve("keep")).hasContent("x");
  }

  /** Fails every call. */
  static final class AlwaysFails implements AugmentOp {
    @Override
    public void apply(
        float[] src, float[] dst, int channels, int rows, int cols, SplittableRandom rng) {
      throw new IllegalStateException("this op always fails");
    }

    @Override
    public boolean isRandom() {
      return false;
    }
  }
}
