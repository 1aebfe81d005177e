package org.greentrain.infer;

import ai.djl.Device;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * The executor side of batch prediction, shared by {@link ImageClassifierTransformer} and {@link
 * DistributedEvaluator}: one task's classifier for a loaded model, fed batch by batch, timing every
 * batch (wall milliseconds) and the task thread's CPU time. Grad mode is off for every batch
 * ({@link BatchClassifier}). One instance per task thread.
 */
final class PartitionPredictor implements AutoCloseable {

  private final BatchClassifier classifier;
  private final List<Double> batchMillis = new ArrayList<>();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final long cpuStartNanos;

  PartitionPredictor(ModelLoader loader, Device device) {
    this.cpuStartNanos = threads.getCurrentThreadCpuTime();
    VerifiedModel model = loader.load();
    this.classifier = new BatchClassifier(model.spec(), model.weights(), device);
  }

  int pixelsPerImage() {
    return classifier.spec().valuesPerImage();
  }

  /** Predicts the class of {@code count} images stored back to back; times the batch. */
  int[] predict(float[] images, int count) {
    long start = System.nanoTime();
    int[] classes = classifier.predict(images, count);
    batchMillis.add((System.nanoTime() - start) / 1e6);
    return classes;
  }

  /** Wall milliseconds of every batch so far, in order. */
  List<Double> batchMillis() {
    return batchMillis;
  }

  /** CPU seconds of this thread since the predictor was created, model loading included. */
  double cpuSeconds() {
    return (threads.getCurrentThreadCpuTime() - cpuStartNanos) / 1e9;
  }

  @Override
  public void close() {
    classifier.close();
  }
}
