package org.greentrain.model;

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

  private static long product(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}
