package org.greentrain.data.spark;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.greentrain.data.AugmentPipeline;
import org.greentrain.data.LabeledImages;
import org.greentrain.data.Seeds;

/**
 * The augment stage on Spark: every training image becomes its original (normalised) plus
 * {@code copies} augmented copies, each assigned to one of {@code shards} training shards, and
 * written as Parquet partitioned by shard. The output depends only on the images, the pipeline
 * and the seed, not on how Spark partitions the work.
 */
public final class AugmentedTable {

  /** Schema of the augmented table; pixels are float32 little-endian, row-major. */
  public static final StructType SCHEMA =
      new StructType()
          .add("shard", DataTypes.IntegerType, false)
          .add("record_id", DataTypes.LongType, false)
          .add("copy", DataTypes.IntegerType, false)
          .add("label", DataTypes.IntegerType, false)
          .add("pixels", DataTypes.BinaryType, false);

  /** A slice of the source images shipped to one task, with the id of each record. */
  record Chunk(long[] recordIds, int rows, int cols, byte[] pixels, byte[] labels)
      implements Serializable {

    LabeledImages images() {
      return new LabeledImages(rows, cols, pixels, labels);
    }
  }

  private static final long SHARD_SALT = 0x5EED5A1DL;
  // Keeps each task under Spark's recommended 1 MB of serialized input.
  private static final int CHUNK = 1_000;

  private final AugmentPipeline pipeline;
  private final int copies;
  private final int shards;
  private final long seed;

  public AugmentedTable(AugmentPipeline pipeline, int copies, int shards, long seed) {
    if (copies < 0 || shards < 1) {
      throw new IllegalArgumentException(
          "Invalid augmentation: copies " + copies + ", shards " + shards);
    }
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
   * Augments {@code images} on the executors and writes the table to {@code outputPath}, which
   * must not exist yet (callers write to a temporary path and rename it into place).
   *
   * @return rows written
   */
  public long write(SparkSession spark, LabeledImages images, String outputPath) {
    long[] ids = new long[images.count()];
    Arrays.setAll(ids, i -> i);
    return write(spark, images, ids, outputPath, defaultPartitions(images.count()));
  }

  /**
   * As {@link #write(SparkSession, LabeledImages, String)}, with the record id of each image
   * (they seed its augmentation) and the number of Spark tasks that augment.
   */
  public long write(
      SparkSession spark, LabeledImages images, long[] recordIds, String outputPath,
      int partitions) {
    if (recordIds.length != images.count() || partitions < 1) {
      throw new IllegalArgumentException(
          "Invalid augmentation input: " + recordIds.length + " record ids for "
              + images.count() + " images, " + partitions + " partitions");
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Chunk> chunks = chunks(images, recordIds, partitions);
    AugmentPipeline ops = pipeline;
    int k = copies;
    int n = shards;
    long s = seed;
    JavaRDD<Row> rows =
        jsc.parallelize(chunks, Math.max(1, chunks.size()))
            .flatMap(chunk -> augment(chunk, ops, k, n, s));
    spark
        .createDataFrame(rows, SCHEMA)
        .repartition(n, col("shard"))
        .sortWithinPartitions("shard", "record_id", "copy")
        .write()
        .mode(SaveMode.ErrorIfExists)
        .partitionBy("shard")
        .parquet(outputPath);
    return (long) images.count() * (copies + 1);
  }

  private static Iterator<Row> augment(
      Chunk chunk, AugmentPipeline ops, int copies, int shards, long seed) {
    LabeledImages images = chunk.images();
    int rows = images.rows();
    int cols = images.cols();
    List<Row> out = new ArrayList<>(images.count() * (copies + 1));
    for (int i = 0; i < images.count(); i++) {
      long recordId = chunk.recordIds()[i];
      byte[] pixels = images.image(i);
      for (int copy = 0; copy <= copies; copy++) {
        float[] augmented = ops.apply(pixels, rows, cols, seed, copy, recordId);
        out.add(
            RowFactory.create(
                shardOf(seed, copy, recordId, shards), recordId, copy, images.label(i),
                toBytes(augmented)));
      }
    }
    return out.iterator();
  }

  /** Float32 little-endian encoding of an image, as stored in the pixels column. */
  public static byte[] toBytes(float[] values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    return buffer.array();
  }

  /** One task per {@value #CHUNK} images. */
  public static int defaultPartitions(int images) {
    return Math.max(1, (images + CHUNK - 1) / CHUNK);
  }

  private static List<Chunk> chunks(LabeledImages images, long[] recordIds, int partitions) {
    int pixels = images.rows() * images.cols();
    int per = Math.max(1, (images.count() + partitions - 1) / partitions);
    List<Chunk> out = new ArrayList<>();
    for (int from = 0; from < images.count(); from += per) {
      int to = Math.min(images.count(), from + per);
      out.add(
          new Chunk(
              Arrays.copyOfRange(recordIds, from, to),
              images.rows(),
              images.cols(),
              Arrays.copyOfRange(images.pixels(), from * pixels, to * pixels),
              Arrays.copyOfRange(images.labels(), from, to)));
    }
    return out;
  }
}
