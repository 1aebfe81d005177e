package org.greentrain.train;

/** Cosine decay per round from the initial rate down to {@code finalFraction} of it. */
public record LearningRateSchedule(double initial, double finalFraction, int rounds) {

  public LearningRateSchedule {
    if (!(initial > 0) || !(finalFraction >= 0 && finalFraction <= 1) || rounds < 1) {
      throw new IllegalArgumentException(
          "Invalid learning-rate schedule: initial " + initial + ", final fraction "
              + finalFraction + ", rounds " + rounds);
    }
  }

  /** Rate for round {@code round} (0-based): the initial rate in round 0. */
  public double rate(int round) {
    double lowest = initial * finalFraction;
    if (rounds == 1) {
      return initial;
    }
    double progress = round / (double) (rounds - 1);
    return lowest + 0.5 * (initial - lowest) * (1 + Math.cos(Math.PI * progress));
  }
}
