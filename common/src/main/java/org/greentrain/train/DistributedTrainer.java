package org.greentrain.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.WeightAverage;
import scala.Tuple2;

/**
 * Data-parallel training on Spark: shard k of the augmented table becomes partition k, decoded
 * once and kept in executor memory across rounds; every round broadcasts the weights, trains
 * each shard in its own task and tree-aggregates the sample-weighted sum back to the driver.
 */
public final class DistributedTrainer {

  /** One augmented sample as it travels from Parquet to its shard. */
  record Sample(long recordId, int copy, int label, byte[] pixels) implements java.io.Serializable {}

  private final SparkSession spark;
  private final ModelSpec spec;
  private final long seed;

  public DistributedTrainer(SparkSession spark, ModelSpec spec, long seed) {
    this.spark = spark;
    this.spec = spec;
    this.seed = seed;
  }

  /**
   * Loads the shards of an augmented table (columns shard, record_id, copy, label, pixels) into
   * executor memory, one Spark partition per shard. The caller unpersists the result.
   */
  public JavaRDD<ShardData> loadShards(String augmentedPath, int shards) {
    int pixels = spec.rows() * spec.cols();
    JavaRDD<ShardData> data =
        spark
            .read()
            .parquet(augmentedPath)
            .select("shard", "record_id", "copy", "label", "pixels")
            .javaRDD()
            .mapToPair(DistributedTrainer::toSample)
            .partitionBy(new ExactPartitioner(shards))
            .mapPartitions(it -> decodeShard(it, pixels), true)
            .persist(StorageLevel.MEMORY_ONLY());
    List<Integer> sizes = data.map(ShardData::count).collect();
    for (int k = 0; k < sizes.size(); k++) {
      if (sizes.get(k) == 0) {
        data.unpersist();
        throw new IllegalArgumentException(
            "Cannot train: shard " + k + " of " + augmentedPath + " is empty (" + shards
                + " shards); use fewer augment.shards");
      }
    }
    return data;
  }

  /** A round runner that trains every cached shard in its own Spark task. */
  public LocalSgd.RoundRunner roundRunner(JavaRDD<ShardData> shards) {
    return roundRunner(shards, WeightConstraint.NONE);
  }

  /**
   * A round runner that trains every cached shard in its own Spark task, enforcing
   * {@code constraint} after every local step.
   */
  public LocalSgd.RoundRunner roundRunner(
      JavaRDD<ShardData> shards, WeightConstraint constraint) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    ModelSpec model = spec;
    long runSeed = seed;
    return (round, start, params) -> {
      Broadcast<ModelWeights> weights = jsc.broadcast(start);
      try {
        return shards
            .mapPartitionsWithIndex(
                (index, it) -> {
                  ShardTrainer trainer = new ShardTrainer(model, TaskDevice.current());
                  List<ShardUpdate> out = new ArrayList<>(1);
                  while (it.hasNext()) {
                    out.add(trainer.train(
                        weights.value(), it.next(), params, runSeed, round, index, constraint));
                  }
                  return out.iterator();
                },
                true)
            .treeAggregate(
                new WeightAverage(),
                (acc, u) -> acc.add(u.weights(), u.samples(), u.lossSum()),
                WeightAverage::merge);
      } finally {
        weights.destroy();
      }
    };
  }

  private static Tuple2<Integer, Sample> toSample(Row row) {
    return new Tuple2<>(
        row.getInt(0),
        new Sample(row.getLong(1), row.getInt(2), row.getInt(3), (byte[]) row.get(4)));
  }

  private static Iterator<ShardData> decodeShard(
      Iterator<Tuple2<Integer, Sample>> it, int pixels) {
    List<Sample> samples = new ArrayList<>();
    while (it.hasNext()) {
      samples.add(it.next()._2());
    }
    // Arrival order after a shuffle is not stable; sort so a shard means the same data always.
    samples.sort(Comparator.comparingLong(Sample::recordId).thenComparingInt(Sample::copy));
    float[] images = new float[samples.size() * pixels];
    int[] labels = new int[samples.size()];
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      if (s.pixels().length != pixels * Float.BYTES) {
        throw new IllegalArgumentException(
            "Invalid augmented record " + s.recordId() + " copy " + s.copy() + ": "
                + s.pixels().length + " bytes of pixels, expected " + pixels * Float.BYTES);
      }
      ByteBuffer.wrap(s.pixels()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
          .get(images, i * pixels, pixels);
      labels[i] = s.label();
    }
    return List.of(new ShardData(images, labels, pixels)).iterator();
  }
}
