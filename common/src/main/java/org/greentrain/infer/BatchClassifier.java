package org.greentrain.infer;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import org.greentrain.model.BlockWeights;
import org.greentrain.model.ConvolutionCheck;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;

/**
 * A loaded model that predicts class indices for batches of images, with autograd off. One instance
 * belongs to one thread at a time (a Spark task builds its own).
 */
public final class BatchClassifier implements AutoCloseable {

  private final ModelSpec spec;
  private final NDManager manager;
  private final SequentialBlock block;
  private final ParameterStore store;

  public BatchClassifier(ModelSpec spec, ModelWeights weights, Device device) {
    this.spec = spec;
    this.manager = NDManager.newBaseManager(device, "PyTorch");
    try {
      this.block = spec.newInitialisedBlock(manager);
      if (!device.isGpu()) {
        // The faults it looks for are in the CPU kernels (docs/training.md, "Engine check").
        ConvolutionCheck.check(block, spec.modelName());
      }
      BlockWeights.write(block, weights);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
    this.store = new ParameterStore(manager, false);
  }

  public ModelSpec spec() {
    return spec;
  }

  /** Predicts the class of each of {@code count} images stored back to back in {@code images}. */
  public int[] predict(float[] images, int count) {
    float[] scores = logits(images, count);
    int classes = spec.classes();
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        // Strictly greater: ties go to the lower class index, as argMax does.
        if (scores[i * classes + c] > scores[i * classes + best]) {
          best = c;
        }
      }
      out[i] = best;
    }
    return out;
  }

  /**
   * The network's output scores (logits) for {@code count} images: {@code classes} values per
   * image, image after image.
   */
  public float[] logits(float[] images, int count) {
    int pixels = spec.valuesPerImage();
    if (count < 1 || images.length < count * pixels) {
      throw new IllegalArgumentException(
          "Cannot predict: " + images.length + " values for " + count + " images of " + pixels);
    }
    boolean previous = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try (NDManager batch = manager.newSubManager()) {
      NDArray input =
          batch.create(FloatBuffer.wrap(images, 0, count * pixels), spec.inputShape(count));
      return block.forward(store, new NDList(input), false).singletonOrThrow().toFloatArray();
    } finally {
      JniUtils.setGradMode(previous);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
