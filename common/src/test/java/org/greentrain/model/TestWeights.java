package org.greentrain.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded model weights for tests: a small conv net shape with weights and biases. */
public final class TestWeights {

  private TestWeights() {}

  /** Gaussian values, like a trained layer; seeded so failures reproduce. */
  public static NamedTensor gaussian(String name, Random random, double sigma, long... shape) {
    float[] values = new float[(int) product(shape)];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * sigma);
    }
    return new NamedTensor(name, shape, values);
  }

  /** A conv layer, a dense layer and their biases: 4 tensors, {@code 1_470} parameters. */
  public static ModelWeights smallNet(long seed) {
    Random random = new Random(seed);
    return new ModelWeights(
        List.of(
            gaussian("conv1.weight", random, 0.2, 8, 3, 3, 3),
            gaussian("conv1.bias", random, 0.05, 8),
            gaussian("fc.weight", random, 0.1, 10, 120),
            gaussian("fc.bias", random, 0.05, 10)));
  }

  /**
   * He-initialised weights of {@code spec} with biases and normalisations as training leaves them:
   * far from zero and from the identity.
   */
  public static ModelWeights asTrained(ModelSpec spec, long seed) {
    Random random = new Random(seed);
    List<NamedTensor> out = new ArrayList<>();
    for (NamedTensor t : WeightInit.heUniform(spec, seed).tensors()) {
      float[] v = t.values().clone();
      for (int i = 0; i < v.length; i++) {
        if (t.name().endsWith("_gamma")) {
          v[i] = 0.5f + random.nextFloat();
        } else if (t.name().endsWith("_runningVar")) {
          v[i] = 0.2f + 3 * random.nextFloat();
        } else if (!t.isWeight()) {
          v[i] = (float) random.nextGaussian() * 0.5f;
        }
      }
      out.add(new NamedTensor(t.name(), t.shape(), v));
    }
    return new ModelWeights(out);
  }

  /** Seeded standard Gaussian images of {@code spec}'s shape. */
  public static float[] images(ModelSpec spec, int count, long seed) {
    float[] images = new float[count * spec.valuesPerImage()];
    Random random = new Random(seed);
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextGaussian();
    }
    return images;
  }

  private static long product(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}
