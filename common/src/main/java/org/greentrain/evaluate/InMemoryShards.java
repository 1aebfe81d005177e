package org.greentrain.evaluate;

import ai.djl.Device;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.data.AugmentPipelines;
import org.greentrain.data.LabeledImages;
import org.greentrain.data.spark.IdxSource;
import org.greentrain.infer.BatchClassifier;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.runtime.ShardData;

/**
 * A split held in memory as normalised training data, cut into two shards and scored on the driver,
 * with no augment stage and no warehouse: for the benchmarks and tests that run two trainers side
 * by side on exactly the same data.
 */
public final class InMemoryShards {

  private InMemoryShards() {}

  /** The IDX split {@code split} ("train" or "test") of {@code c}'s source, normalised. */
  public static ShardData read(GreenTrainConfig c, String split) {
    return normalised(IdxSource.read(new Configuration(), c.data(), split), c);
  }

  /** Every image of {@code images}, normalised as the augment stage normalises the originals. */
  public static ShardData normalised(LabeledImages images, GreenTrainConfig c) {
    int[] labels = new int[images.count()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = images.label(i);
    }
    int crop = c.augment().cropSize();
    return new ShardData(
        AugmentPipelines.normalisedPixels(images, c.augment()),
        labels,
        crop > 0 ? images.channels() * crop * crop : images.imageSize());
  }

  /** The first and the second half of {@code all}. */
  public static List<ShardData> halves(ShardData all) {
    int half = all.count() / 2;
    return List.of(slice(all, 0, half), slice(all, half, all.count()));
  }

  /**
   * {@code parts} as a cached RDD, one partition each, cut from its lineage. A parallelized
   * partition carries its values, so without the cut every task of every round would ship the whole
   * shard again (92 MB per task on the full data) and the benchmarks would time that.
   */
  public static JavaRDD<ShardData> cached(JavaSparkContext jsc, List<ShardData> parts) {
    JavaRDD<ShardData> rdd = jsc.parallelize(parts, parts.size());
    rdd.persist(StorageLevel.MEMORY_AND_DISK());
    rdd.rdd().localCheckpoint();
    rdd.count();
    return rdd;
  }

  /** Top-1 accuracy of {@code w} on {@code test}, on the driver's CPU. */
  public static double accuracy(ModelSpec spec, ModelWeights w, ShardData test) {
    int correct = 0;
    try (BatchClassifier c = new BatchClassifier(spec, w, Device.cpu())) {
      int[] predicted = c.predict(test.images(), test.count());
      for (int i = 0; i < predicted.length; i++) {
        correct += predicted[i] == test.labels()[i] ? 1 : 0;
      }
    }
    return correct / (double) test.count();
  }

  private static ShardData slice(ShardData all, int from, int to) {
    int p = all.pixelsPerImage();
    return new ShardData(
        Arrays.copyOfRange(all.images(), from * p, to * p),
        Arrays.copyOfRange(all.labels(), from, to),
        p);
  }
}
