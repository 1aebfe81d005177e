package org.greentrain.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded initial weights, computed in Java rather than by the engine so that the same seed
 * gives the same starting model on every machine and engine build.
 */
public final class WeightInit {

  private WeightInit() {}

  /** Seeded He-uniform weights for a fresh model of {@code spec}. */
  public static ModelWeights heUniform(ModelSpec spec, long seed) {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      SequentialBlock block = spec.newBlock();
      block.initialize(manager, DataType.FLOAT32, spec.inputShape(1));
      return heUniform(BlockWeights.read(block), seed);
    }
  }

  /**
   * He (Kaiming) uniform initialisation for weights, bound sqrt(6 / fan_in), where fan_in is the
   * product of all dimensions but the first; zeros for biases.
   *
   * @param shapes the model's tensors; only their names and shapes are used
   */
  public static ModelWeights heUniform(ModelWeights shapes, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<NamedTensor> out = new ArrayList<>();
    for (NamedTensor t : shapes.tensors()) {
      float[] values = new float[t.size()];
      if (t.isWeight()) {
        long fanIn = t.size() / t.outputChannels();
        double bound = Math.sqrt(6.0 / fanIn);
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
      }
      out.add(new NamedTensor(t.name(), t.shape(), values));
    }
    return new ModelWeights(out);
  }
}
