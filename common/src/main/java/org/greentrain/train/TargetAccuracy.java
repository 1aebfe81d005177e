package org.greentrain.train;

import java.util.Locale;
import java.util.Optional;

/**
 * Training to a target: training stops at the first round whose validation accuracy reaches {@code
 * target}, and the energy and time spent until then are the run's energy-to-accuracy and
 * time-to-accuracy (the measures Zeus optimises, You, Chung and Chowdhury, NSDI '23).
 *
 * @param target validation accuracy to reach, in (0, 1]; 0 means no target
 */
public record TargetAccuracy(double target) {

  /** The round that reached the target, and what it took from the start of training. */
  public record Reached(int round, double accuracy, double joules, double seconds) {}

  public TargetAccuracy {
    if (!(target >= 0 && target <= 1)) {
      throw new IllegalArgumentException("Invalid target accuracy: " + target + " (in [0, 1])");
    }
  }

  public boolean isSet() {
    return target > 0;
  }

  /**
   * The round {@code r} as the one that reached the target, if it did.
   *
   * @param joules energy of training up to the end of the round (NaN when unknown)
   * @param seconds wall time of training up to the end of the round
   */
  public Optional<Reached> reachedBy(RoundResult r, double joules, double seconds) {
    if (!isSet() || !r.isValidated() || r.validationAccuracy() < target) {
      return Optional.empty();
    }
    return Optional.of(new Reached(r.round(), r.validationAccuracy(), joules, seconds));
  }

  /** The stop reason for a round that reached the target. */
  public String stopReason(Reached reached, int plannedRounds) {
    return String.format(
        Locale.ROOT,
        "target accuracy: validation accuracy %.4f reached train.target-accuracy %s after round %d"
            + " of %d, %s J and %.1f s from the start of training",
        reached.accuracy(),
        target,
        reached.round() + 1,
        plannedRounds,
        Double.isNaN(reached.joules())
            ? "unknown"
            : String.format(Locale.ROOT, "%.0f", reached.joules()),
        reached.seconds());
  }

  /** The note for a training that ran out of rounds before the target. */
  public String missed(double bestAccuracy, int roundsRun) {
    return String.format(
        Locale.ROOT,
        "target accuracy %s not reached in %d rounds: best validation accuracy %.4f, %.2f points"
            + " short",
        target,
        roundsRun,
        bestAccuracy,
        100 * (target - bestAccuracy));
  }
}
