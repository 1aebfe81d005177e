package org.greentrain.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded initial weights, computed in Java rather than by the engine so that the same seed gives
 * the same starting model on every machine and engine build.
 */
public final class WeightInit {

  private WeightInit() {}

  /** Seeded He-uniform weights for a fresh model of {@code spec}. */
  public static ModelWeights heUniform(ModelSpec spec, long seed) {
    return heUniform(BlockWeights.fresh(spec), seed);
  }

  /**
   * He (Kaiming) uniform initialisation for weights, bound sqrt(6 / fan_in), where fan_in is the
   * product of all dimensions but the first; zeros for biases. A batch normalisation starts as the
   * identity: scale and running variance 1, shift and running mean 0.
   *
   * @param shapes the model's tensors; only their names and shapes are used
   */
  public static ModelWeights heUniform(ModelWeights shapes, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<NamedTensor> out = new ArrayList<>();
    for (NamedTensor t : shapes.tensors()) {
      float[] values = new float[t.size()];
      if (t.name().endsWith("_gamma") || t.name().endsWith("_runningVar")) {
        Arrays.fill(values, 1f);
      } else if (t.isWeight()) {
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
