package org.greentrain.train;

import java.util.SplittableRandom;
import org.greentrain.data.Seeds;

/**
 * Inverted-dropout masks for one shard's round: each value is 0 with probability {@code rate}, else
 * {@code 1 / (1 - rate)}, so the expected activation is unchanged and inference needs no scaling.
 *
 * <p>PyTorch's dropout draws from the engine's generator, which is global to the JVM: two tasks in
 * one executor would interleave their draws and a retried task would not reproduce its first
 * attempt. These masks come from (seed, round, partition) and the order of the calls alone.
 */
final class DropoutMasks {

  private static final long SALT = 0xD5095EEDL;

  private final double rate;
  private final float kept;
  private final SplittableRandom rng;

  DropoutMasks(double rate, long seed, int round, int partition) {
    if (!(rate > 0 && rate < 1)) {
      throw new IllegalArgumentException("Invalid dropout rate: " + rate + " (above 0, below 1)");
    }
    this.rate = rate;
    this.kept = (float) (1 / (1 - rate));
    this.rng = new SplittableRandom(Seeds.mix(seed ^ SALT, round, partition));
  }

  /** The next mask of {@code size} values. */
  float[] next(int size) {
    float[] mask = new float[size];
    for (int i = 0; i < size; i++) {
      mask[i] = rng.nextDouble() < rate ? 0f : kept;
    }
    return mask;
  }
}
