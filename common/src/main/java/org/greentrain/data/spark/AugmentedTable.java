package org.greentrain.data.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathFilter;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.greentrain.data.AugmentPipeline;
import org.greentrain.data.LabeledImages;
import org.greentrain.data.Seeds;
import org.greentrain.data.SourceData;
import org.greentrain.data.StoredPixels;

/**
 * The augment stage on Spark: every training image becomes its original (normalised) plus {@code
 * copies} augmented copies, each assigned to one of {@code shards} training shards, and written as
 * Parquet partitioned by shard ({@code <output>/shard=<k>/part-<slice>.snappy.parquet}). The output
 * depends only on the images, the pipeline and the seed, not on how Spark partitions the work.
 */
public final class AugmentedTable {

  /**
   * The augmented table as {@code spark.read().parquet(path)} sees it: the file columns, then the
   * partition column {@code shard}. Pixels are {@code channels x rows x cols} unsigned bytes,
   * channel-planar (CHW), before normalisation ({@link StoredPixels}); normalize_mean and
   * normalize_std are the normalisation to apply, one value per channel.
   */
  public static final StructType SCHEMA =
      new StructType()
          .add("record_id", DataTypes.LongType, true)
          .add("copy", DataTypes.IntegerType, true)
          .add("label", DataTypes.IntegerType, true)
          .add("channels", DataTypes.IntegerType, true)
          .add("pixels", DataTypes.BinaryType, true)
          .add("normalize_mean", DataTypes.createArrayType(DataTypes.FloatType, true), true)
          .add("normalize_std", DataTypes.createArrayType(DataTypes.FloatType, true), true)
          .add("shard", DataTypes.IntegerType, true);

  /** The images to augment and the record id of each, broadcast once to the executors. */
  record Input(int channels, int rows, int cols, byte[] pixels, byte[] labels, long[] recordIds)
      implements Serializable {

    Input(LabeledImages images, long[] recordIds) {
      this(
          images.channels(),
          images.rows(),
          images.cols(),
          images.pixels(),
          images.labels(),
          recordIds);
    }

    LabeledImages images() {
      return new LabeledImages(channels, rows, cols, pixels, labels);
    }
  }

  /** The images {@code [from, to)} of the input, for one task; its files are numbered by index. */
  record Slice(int index, int from, int to) implements Serializable {}

  private static final long SHARD_SALT = 0x5EED5A1DL;
  // At least this many images per task: each task creates a directory and a file per shard,
  // which on the local file system costs a chmod process each (Hadoop without native code).
  private static final int MIN_SLICE = 1_000;

  private final AugmentPipeline pipeline;
  private final int copies;
  private final int shards;
  private final long seed;

  public AugmentedTable(AugmentPipeline pipeline, int copies, int shards, long seed) {
    if (copies < 0 || shards < 1) {
      throw new IllegalArgumentException(
          "Invalid augmentation: copies " + copies + ", shards " + shards);
    }
    StoredPixels.split(pipeline); // fails here, on the driver, when it cannot be stored
    this.pipeline = pipeline;
    this.copies = copies;
    this.shards = shards;
    this.seed = seed;
  }

  /** The shard of one output row: a hash of (seed, copy, record), so balanced and stable. */
  public static int shardOf(long seed, int copy, long recordId, int shards) {
    return (int) Math.floorMod(Seeds.mix(seed ^ SHARD_SALT, copy, recordId), (long) shards);
  }

  /**
   * Augments {@code images} on the executors and writes the table to {@code outputPath}, which must
   * not exist yet (callers write to a temporary path and rename it into place).
   *
   * @return rows written
   */
  public long write(SparkSession spark, LabeledImages images, String outputPath) {
    long[] ids = new long[images.count()];
    Arrays.setAll(ids, i -> i);
    return write(
        spark,
        images,
        ids,
        outputPath,
        defaultPartitions(images.count(), spark.sparkContext().defaultParallelism()));
  }

  /**
   * As {@link #write(SparkSession, LabeledImages, String)}, with the record id of each image (they
   * seed its augmentation) and the number of Spark tasks that augment. The images are broadcast to
   * the tasks: for data the driver holds, such as a benchmark's; the augment stage uses {@link
   * #write(SparkSession, JavaRDD, long, String)}.
   */
  public long write(
      SparkSession spark,
      LabeledImages images,
      long[] recordIds,
      String outputPath,
      int partitions) {
    if (recordIds.length != images.count() || partitions < 1) {
      throw new IllegalArgumentException(
          "Invalid augmentation input: "
              + recordIds.length
              + " record ids for "
              + images.count()
              + " images, "
              + partitions
              + " partitions");
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Slice> slices = slices(images.count(), partitions);
    return write(
        spark,
        outputPath,
        images.count(),
        (stagingDir, conf) -> {
          // One broadcast instead of the pixels in every task: the driver serialises them once.
          Broadcast<Input> input = jsc.broadcast(new Input(images, recordIds));
          try {
            return jsc.parallelize(slices, Math.max(1, slices.size()))
                .map(sliceWriter(stagingDir, input, conf))
                .collect();
          } finally {
            input.destroy();
          }
        });
  }

  /**
   * Augments the images of {@code parts}, which Spark tasks hold (a split read in tasks, {@link
   * DistributedSplit}), where they are: the task of partition {@code i} writes slice {@code i}. The
   * driver sees only the attempts' directories and row counts.
   *
   * @param images the images the parts hold, to check the rows written
   */
  public long write(SparkSession spark, JavaRDD<SourceData> parts, long images, String outputPath) {
    return write(
        spark,
        outputPath,
        images,
        (stagingDir, conf) ->
            parts.mapPartitionsWithIndex(partWriter(stagingDir, conf), false).collect());
  }

  /**
   * No shuffle: each task augments its slice and writes its rows itself, one Parquet file per shard
   * ({@link AugmentedFiles}), into a directory of its own attempt under {@code
   * <output>/_temporary}. When every task has succeeded the driver moves the files of exactly one
   * successful attempt per slice into place (the attempts Spark returned results for) and drops the
   * rest, so a failed, retried or speculative attempt leaves nothing behind. If the write fails the
   * output directory is deleted.
   */
  private long write(SparkSession spark, String outputPath, long images, Tasks tasks) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Path out = new Path(outputPath);
    try {
      FileSystem fs = out.getFileSystem(hadoop);
      if (fs.exists(out)) {
        throw new IllegalArgumentException(
            "Cannot write the augmented table: " + out + " already exists");
      }
      return writeOrDelete(spark, fs, out, images, tasks);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write the augmented table " + out, e);
    }
  }

  /** Runs the tasks that write every slice under {@code stagingDir}; returns their attempts. */
  private interface Tasks {
    List<Attempt> run(String stagingDir, Broadcast<SerializableConfiguration> conf);
  }

  private long writeOrDelete(SparkSession spark, FileSystem fs, Path out, long images, Tasks tasks)
      throws IOException {
    try {
      return writeAndCommit(spark, fs, out, images, tasks);
    } catch (Throwable t) {
      try {
        fs.delete(out, true);
      } catch (IOException cleanup) {
        t.addSuppressed(cleanup);
      }
      throw t;
    }
  }

  private long writeAndCommit(SparkSession spark, FileSystem fs, Path out, long images, Tasks tasks)
      throws IOException {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    String stagingDir = new Path(out, "_temporary").toString();
    Broadcast<SerializableConfiguration> conf =
        jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
    List<Attempt> attempts;
    try {
      attempts = tasks.run(stagingDir, conf);
    } finally {
      conf.destroy();
    }
    long rows = commit(fs, out, attempts);
    long expected = images * (copies + 1);
    if (rows != expected) {
      throw new IllegalStateException(
          "Augmented table " + out + " has " + rows + " rows, expected " + expected);
    }
    fs.delete(new Path(stagingDir), true);
    fs.create(new Path(out, "_SUCCESS"), false).close();
    return rows;
  }

  /** The task that writes the images of one partition's parts as the slice of its index. */
  private Function2<Integer, Iterator<SourceData>, Iterator<Attempt>> partWriter(
      String stagingDir, Broadcast<SerializableConfiguration> conf) {
    AugmentPipeline ops = pipeline;
    int k = copies;
    int n = shards;
    long s = seed;
    return (index, parts) -> {
      Path dir = attemptDir(stagingDir, index);
      long rows = 0;
      while (parts.hasNext()) {
        SourceData part = parts.next();
        rows +=
            AugmentedFiles.write(
                conf.value().value(),
                dir,
                index,
                part.images(),
                part.recordIds(),
                0,
                part.images().count(),
                ops,
                k,
                n,
                s);
      }
      return List.of(new Attempt(index, dir.toString(), rows)).iterator();
    };
  }

  // taskAttemptId is unique in the application: no two attempts share a directory.
  private static Path attemptDir(String stagingDir, int slice) {
    return new Path(stagingDir, "slice-" + slice + "-attempt-" + TaskContext.get().taskAttemptId());
  }

  /** The task that writes one slice into a directory of its own attempt. */
  private Function<Slice, Attempt> sliceWriter(
      String stagingDir, Broadcast<Input> input, Broadcast<SerializableConfiguration> conf) {
    AugmentPipeline ops = pipeline;
    int k = copies;
    int n = shards;
    long s = seed;
    return slice -> {
      Path dir = attemptDir(stagingDir, slice.index());
      Input in = input.value();
      long rows =
          AugmentedFiles.write(
              conf.value().value(),
              dir,
              slice.index(),
              in.images(),
              in.recordIds(),
              slice.from(),
              slice.to(),
              ops,
              k,
              n,
              s);
      return new Attempt(slice.index(), dir.toString(), rows);
    };
  }

  /** Where one successful task attempt wrote the files of one slice, and how many rows. */
  record Attempt(int slice, String dir, long rows) implements Serializable {}

  /** Moves the files of one attempt per slice from its attempt directory into the table. */
  private static long commit(FileSystem fs, Path out, List<Attempt> attempts) throws IOException {
    Attempt[] bySlice = new Attempt[attempts.size()];
    for (Attempt a : attempts) {
      if (a.slice() >= bySlice.length) {
        throw new IllegalStateException("Augment slice " + a.slice() + " of " + bySlice.length);
      }
      if (bySlice[a.slice()] != null) {
        throw new IllegalStateException(
            "Two results for augment slice "
                + a.slice()
                + ": "
                + bySlice[a.slice()].dir()
                + " and "
                + a.dir());
      }
      bySlice[a.slice()] = a;
    }
    PathFilter visible = p -> !p.getName().startsWith(".") && !p.getName().startsWith("_");
    long rows = 0;
    for (int i = 0; i < bySlice.length; i++) {
      if (bySlice[i] == null) {
        throw new IllegalStateException("No result for augment slice " + i + " under " + out);
      }
      if (bySlice[i].rows() == 0) {
        continue; // a slice of rejected records only: its task wrote no file
      }
      for (FileStatus shardDir : fs.listStatus(new Path(bySlice[i].dir()), visible)) {
        Path target = new Path(out, shardDir.getPath().getName());
        fs.mkdirs(target);
        for (FileStatus file : fs.listStatus(shardDir.getPath(), visible)) {
          Path dst = new Path(target, file.getPath().getName());
          if (!fs.rename(file.getPath(), dst)) {
            throw new IOException("could not rename " + file.getPath() + " to " + dst);
          }
        }
      }
      rows += bySlice[i].rows();
    }
    return rows;
  }

  /**
   * Two tasks per core ({@code parallelism}, Spark's default parallelism), so a slow or retried
   * task does not hold up the stage for long, but at least {@value #MIN_SLICE} images per task:
   * every task costs scheduling and files, and with one task per thousand images these cost half
   * the stage (bench-augment, docs/data.md).
   */
  public static int defaultPartitions(int images, int parallelism) {
    int bySize = Math.max(1, (images + MIN_SLICE - 1) / MIN_SLICE);
    return Math.min(bySize, Math.max(1, 2 * parallelism));
  }

  /** {@code partitions} contiguous slices of nearly equal size (fewer if images are fewer). */
  static List<Slice> slices(int images, int partitions) {
    int per = Math.max(1, (images + partitions - 1) / partitions);
    List<Slice> out = new ArrayList<>();
    for (int from = 0; from < images; from += per) {
      out.add(new Slice(out.size(), from, Math.min(images, from + per)));
    }
    return out;
  }
}
