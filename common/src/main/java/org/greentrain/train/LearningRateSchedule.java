package org.greentrain.train;

import org.greentrain.config.ConfigKeys;

/**
 * Per-round learning rate: a linear warm-up over the first {@code warmupRounds} rounds up to the
 * initial rate, then cosine decay from the initial rate down to {@code finalFraction} of it over
 * the remaining rounds.
 *
 * <p>Warm-up round {@code r} (0-based) uses {@code initial * (r + 1) / (warmupRounds + 1)}, so the
 * first round never has rate zero and the rate reaches {@code initial} in the first round after the
 * warm-up.
 */
public record LearningRateSchedule(
    double initial, double finalFraction, int rounds, int warmupRounds) {

  public LearningRateSchedule {
    if (!(initial > 0) || !(finalFraction >= 0 && finalFraction <= 1) || rounds < 1) {
      throw new IllegalArgumentException(
          "Invalid learning-rate schedule: initial "
              + initial
              + ", final fraction "
              + finalFraction
              + ", rounds "
              + rounds);
    }
    if (warmupRounds < 0 || warmupRounds >= rounds) {
      throw new IllegalArgumentException(
          "Invalid learning-rate warm-up: "
              + warmupRounds
              + " rounds of "
              + rounds
              + " (at least 0 and fewer than the rounds); lower "
              + ConfigKeys.TRAIN_WARMUP_EPOCHS);
    }
  }

  /** Cosine decay without warm-up. */
  public LearningRateSchedule(double initial, double finalFraction, int rounds) {
    this(initial, finalFraction, rounds, 0);
  }

  /**
   * Warm-up rounds for {@code warmupEpochs} when {@code rounds} rounds make {@code epochs} epochs:
   * the same share of the rounds, rounded to the nearest round.
   */
  public static int warmupRounds(double warmupEpochs, int epochs, int rounds) {
    return (int) Math.round(warmupEpochs * rounds / epochs);
  }

  /** Rate for round {@code round} (0-based). */
  public double rate(int round) {
    if (round < warmupRounds) {
      return initial * (round + 1) / (warmupRounds + 1);
    }
    double lowest = initial * finalFraction;
    int decayRounds = rounds - warmupRounds;
    if (decayRounds == 1) {
      return initial;
    }
    double progress = (round - warmupRounds) / (double) (decayRounds - 1);
    return lowest + 0.5 * (initial - lowest) * (1 + Math.cos(Math.PI * progress));
  }
}
