package org.greentrain.infer;

import java.util.ArrayList;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.greentrain.error.UserError;
import org.greentrain.runtime.ShardData;
import org.greentrain.runtime.TaskDevice;

/**
 * Batch prediction of a test set on the executors: the test images stay cached in the slices the
 * tasks that read them made, and each model file is scored where they live, one Spark job per
 * model, through the executor path {@link ImageClassifierTransformer} uses: the model loaded and
 * verified once per executor ({@link ModelLoader}), batches through {@link PartitionPredictor} with
 * grad mode off.
 */
public final class DistributedEvaluator implements AutoCloseable {

  private final int classes;
  private final int batchSize;
  private final JavaRDD<ShardData> partitions;

  /**
   * @param test normalised test images, as the trainer saw them, in slices; cached here until
   *     {@link #close}
   * @param classes number of classes of the labels
   */
  public DistributedEvaluator(JavaRDD<ShardData> test, int classes, int batchSize) {
    this.classes = classes;
    this.batchSize = batchSize;
    this.partitions = test.persist(StorageLevel.MEMORY_AND_DISK());
  }

  /** Confusion counts, batch latencies and task CPU time of the model file at {@code url}. */
  public VariantScore evaluate(String url) {
    ModelLoader loader = new ModelLoader(url, ModelLoader.ENGINE);
    int k = classes;
    int batch = batchSize;
    return partitions.map(part -> score(loader, part, k, batch)).reduce(VariantScore::merge);
  }

  static VariantScore score(ModelLoader loader, ShardData data, int classes, int batchSize) {
    EvaluationCounts counts = EvaluationCounts.empty(classes);
    try (PartitionPredictor predictor = new PartitionPredictor(loader, TaskDevice.current())) {
      int pixels = data.pixelsPerImage();
      if (pixels != predictor.pixelsPerImage()) {
        throw new UserError(
            "Cannot evaluate "
                + loader.url()
                + ": the model takes "
                + predictor.pixelsPerImage()
                + " pixels per image, the test images have "
                + pixels);
      }
      float[] buffer = new float[batchSize * pixels];
      for (int from = 0; from < data.count(); from += batchSize) {
        int n = Math.min(batchSize, data.count() - from);
        System.arraycopy(data.images(), from * pixels, buffer, 0, n * pixels);
        int[] predicted = predictor.predict(buffer, n);
        for (int i = 0; i < n; i++) {
          counts.add(data.labels()[from + i], predicted[i]);
        }
      }
      return new VariantScore(
          counts, new ArrayList<>(predictor.batchMillis()), predictor.cpuSeconds());
    }
  }

  @Override
  public void close() {
    partitions.unpersist();
  }
}
