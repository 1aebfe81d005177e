package org.greentrain.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.greentrain.model.BlockWeights;
import org.greentrain.model.ConvolutionCheck;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.NamedTensor;
import org.greentrain.runtime.ShardData;

/**
 * A shard's model on its device: the DJL block, its manager and one or two optimizer buffers per
 * parameter. Built once and kept by an executor between rounds (see {@link ShardModels}); every
 * round overwrites weights and buffers from the broadcast state, so a reused model and a freshly
 * built one train identically. Used by one task thread at a time; close it to free native memory.
 */
final class ShardModel implements AutoCloseable {

  private final ModelSpec spec;
  private final NDManager manager;
  private final SequentialBlock block;
  private final List<String> names = new ArrayList<>();
  private final List<NDArray> weights = new ArrayList<>();

  /** Whether the optimizer updates each weight; batch normalisation's running statistics not. */
  private final List<Boolean> trainable = new ArrayList<>();

  /** SGD velocity, or Adam's first moment. */
  private final List<NDArray> first = new ArrayList<>();

  /** Adam's second moment; unused by SGD. */
  private final List<NDArray> second = new ArrayList<>();

  ShardModel(ModelSpec spec, Device device) {
    // JniUtils' natives load with the engine; in a fresh executor JVM nothing has loaded it yet.
    Engine.getEngine("PyTorch");
    this.spec = spec;
    this.manager = NDManager.newBaseManager(device, "PyTorch");
    boolean gradMode = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      block = spec.newInitialisedBlock(manager);
      if (!device.isGpu()) {
        // The faults it looks for are in the CPU kernels (docs/training.md, "Engine check").
        ConvolutionCheck.check(block, spec.modelName());
      }
      for (Pair<String, Parameter> p : block.getParameters()) {
        NDArray w = p.getValue().getArray();
        names.add(p.getKey());
        weights.add(w);
        trainable.add(p.getValue().requiresGradient());
        first.add(manager.zeros(w.getShape()));
        second.add(manager.zeros(w.getShape()));
      }
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    } finally {
      JniUtils.setGradMode(gradMode);
    }
  }

  ModelSpec spec() {
    return spec;
  }

  NDManager manager() {
    return manager;
  }

  SequentialBlock block() {
    return block;
  }

  List<NDArray> weights() {
    return weights;
  }

  /**
   * Whether the optimizer updates weight {@code i}. Running statistics of batch normalisation are
   * not: the forward pass in training mode updates them and they carry no gradient.
   */
  boolean trainable(int i) {
    return trainable.get(i);
  }

  List<NDArray> first() {
    return first;
  }

  List<NDArray> second() {
    return second;
  }

  /**
   * Loads a round's start: the weights, and the moments when {@code start} has them (else the
   * buffers restart at zero). Call with grad mode off.
   */
  void load(TrainState start) {
    BlockWeights.write(block, start.weights());
    if (start.hasMoments()) {
      List<NamedTensor> m = start.moments().tensors();
      if (m.size() != 2 * weights.size()) {
        throw new IllegalArgumentException(
            "Cannot load optimizer state: "
                + m.size()
                + " moment tensors for "
                + weights.size()
                + " weight tensors");
      }
      for (int i = 0; i < weights.size(); i++) {
        first.get(i).set(m.get(i).values());
        second.get(i).set(m.get(weights.size() + i).values());
      }
    } else {
      for (int i = 0; i < weights.size(); i++) {
        first.get(i).set(new float[Math.toIntExact(first.get(i).size())]);
        second.get(i).set(new float[Math.toIntExact(second.get(i).size())]);
      }
    }
  }

  /**
   * How many of {@code data}'s samples the model with {@code weights} classifies correctly
   * (inference mode, batches of 512).
   */
  long countCorrect(ModelWeights weights, ShardData data) {
    boolean gradMode = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      BlockWeights.write(block, weights);
      ParameterStore store = new ParameterStore(manager, false);
      int pixels = data.pixelsPerImage();
      long correct = 0;
      for (int from = 0; from < data.count(); from += 512) {
        int n = Math.min(512, data.count() - from);
        try (NDManager batch = manager.newSubManager()) {
          NDArray input =
              batch.create(
                  FloatBuffer.wrap(data.images(), from * pixels, n * pixels), spec.inputShape(n));
          NDArray logits = block.forward(store, new NDList(input), false).singletonOrThrow();
          long[] classes = logits.argMax(1).toLongArray();
          for (int i = 0; i < n; i++) {
            if (classes[i] == data.labels()[from + i]) {
              correct++;
            }
          }
        }
      }
      return correct;
    } finally {
      JniUtils.setGradMode(gradMode);
    }
  }

  /** Adam's moments as tensors {@code adam.m.<name>} then {@code adam.v.<name>}. */
  ModelWeights adamMoments() {
    List<NamedTensor> out = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      out.add(tensor("adam.m." + names.get(i), first.get(i)));
    }
    for (int i = 0; i < weights.size(); i++) {
      out.add(tensor("adam.v." + names.get(i), second.get(i)));
    }
    return new ModelWeights(out);
  }

  private static NamedTensor tensor(String name, NDArray a) {
    return new NamedTensor(name, a.getShape().getShape(), a.toFloatArray());
  }

  @Override
  public void close() {
    manager.close();
  }
}
