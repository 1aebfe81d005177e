package org.greentrain.train;

import java.util.SplittableRandom;
import org.greentrain.runtime.ShardData;

/** Small learnable data for trainer tests: class c lights up row band c of a 28x28 image. */
public final class SyntheticShards {

  private SyntheticShards() {}

  public static ShardData bands(int count, int classes, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int pixels = 28 * 28;
    float[] images = new float[count * pixels];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      int c = rng.nextInt(classes);
      labels[i] = c;
      int rowFrom = c * 28 / classes;
      int rowTo = (c + 1) * 28 / classes;
      for (int p = 0; p < pixels; p++) {
        int row = p / 28;
        float signal = row >= rowFrom && row < rowTo ? 1f : 0f;
        images[i * pixels + p] = signal + (float) (rng.nextGaussian() * 0.3);
      }
    }
    return new ShardData(images, labels, pixels);
  }
}
