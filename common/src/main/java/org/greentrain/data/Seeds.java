package org.greentrain.data;

import java.util.SplittableRandom;

/**
 * Derives independent random seeds from tuples of longs with SplitMix64 finalisers, so that the
 * random numbers for one record depend only on (seed, copy, recordId) and not on partitioning, task
 * order or how many records came before it.
 */
public final class Seeds {

  /** The SplitMix64 increment: the odd integer closest to 2^64 / golden ratio. */
  private static final long GAMMA = 0x9e3779b97f4a7c15L;

  private Seeds() {}

  /** A well-mixed 64-bit value for the ordered pair {@code (a, b)}. */
  public static long mix(long a, long b) {
    return absorb(absorb(GAMMA, a), b);
  }

  /** A well-mixed 64-bit value for the ordered triple {@code (a, b, c)}. */
  public static long mix(long a, long b, long c) {
    return absorb(absorb(absorb(GAMMA, a), b), c);
  }

  /** A fresh generator for one augmented copy of one record. */
  public static SplittableRandom rng(long seed, long copy, long recordId) {
    return new SplittableRandom(mix(seed, copy, recordId));
  }

  // Adding GAMMA before each finaliser keeps zero inputs away from the finaliser's fixed point 0,
  // and finalising after every value makes the result depend on the order of the values.
  private static long absorb(long state, long value) {
    return finalise(state + value + GAMMA);
  }

  /** The SplitMix64 output function (Stafford variant 13): a bijection with good avalanche. */
  static long finalise(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
