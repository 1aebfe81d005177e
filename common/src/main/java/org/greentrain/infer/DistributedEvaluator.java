package org.greentrain.infer;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.train.ShardData;
import org.greentrain.train.TaskDevice;

/**
 * Batch prediction of a test set on the executors: the test images are split into cached
 * partitions once, then each model variant is broadcast and scored where the data lives.
 */
public final class DistributedEvaluator implements AutoCloseable {

  private final JavaSparkContext jsc;
  private final ModelSpec spec;
  private final int batchSize;
  private final JavaRDD<ShardData> partitions;

  /**
   * @param test normalised test images, as the trainer saw them
   * @param slices number of Spark partitions to score in parallel
   */
  public DistributedEvaluator(
      JavaSparkContext jsc, ModelSpec spec, ShardData test, int slices, int batchSize) {
    this.jsc = jsc;
    this.spec = spec;
    this.batchSize = batchSize;
    this.partitions =
        jsc.parallelize(split(test, slices), slices).persist(StorageLevel.MEMORY_ONLY());
  }

  /** Confusion counts of {@code weights} on the whole test set. */
  public EvaluationCounts evaluate(ModelWeights weights) {
    Broadcast<ModelWeights> model = jsc.broadcast(weights);
    ModelSpec modelSpec = spec;
    int batch = batchSize;
    try {
      return partitions
          .map(part -> score(modelSpec, model.value(), part, batch, TaskDevice.current()))
          .reduce(EvaluationCounts::merge);
    } finally {
      model.destroy();
    }
  }

  static EvaluationCounts score(
      ModelSpec spec, ModelWeights weights, ShardData data, int batchSize, Device device) {
    EvaluationCounts counts = EvaluationCounts.empty(spec.classes());
    int pixels = data.pixelsPerImage();
    try (BatchClassifier classifier = new BatchClassifier(spec, weights, device)) {
      float[] buffer = new float[batchSize * pixels];
      for (int from = 0; from < data.count(); from += batchSize) {
        int n = Math.min(batchSize, data.count() - from);
        System.arraycopy(data.images(), from * pixels, buffer, 0, n * pixels);
        int[] predicted = classifier.predict(buffer, n);
        for (int i = 0; i < n; i++) {
          counts.add(data.labels()[from + i], predicted[i]);
        }
      }
    }
    return counts;
  }

  private static List<ShardData> split(ShardData all, int slices) {
    List<ShardData> out = new ArrayList<>();
    int pixels = all.pixelsPerImage();
    int per = (all.count() + slices - 1) / slices;
    for (int from = 0; from < all.count(); from += per) {
      int n = Math.min(per, all.count() - from);
      float[] images = new float[n * pixels];
      System.arraycopy(all.images(), from * pixels, images, 0, n * pixels);
      int[] labels = new int[n];
      System.arraycopy(all.labels(), from, labels, 0, n);
      out.add(new ShardData(images, labels, pixels));
    }
    return out;
  }

  @Override
  public void close() {
    partitions.unpersist();
  }
}
