package org.greentrain.train;

import java.util.Locale;
import java.util.Optional;

/**
 * Zeus's early stop for a training to a target: it stops at the last round whose cost ({@link
 * ZeusCost}) stays within {@code limitJoules}, the next round predicted as the mean of the rounds
 * so far, as {@link EnergyBudget} predicts energy.
 *
 * @param cost how energy and time add up
 * @param limitJoules the cost allowed; 0 or less means no limit
 */
public record CostLimit(ZeusCost cost, double limitJoules) {

  /** No limit. */
  public static final CostLimit NONE = new CostLimit(new ZeusCost(1, 1), 0);

  /** How the reason of a stop by the limit begins, in the train stage's notes. */
  public static final String STOP_REASON_PREFIX = "cost limit:";

  /**
   * Why to stop after {@code roundsDone} of {@code plannedRounds} rounds that took {@code joules}
   * and {@code seconds}, or empty to go on.
   */
  public Optional<String> stopAfter(
      int roundsDone, int plannedRounds, double joules, double seconds) {
    if (limitJoules <= 0 || roundsDone == 0 || roundsDone >= plannedRounds) {
      return Optional.empty();
    }
    double soFar = cost.of(joules, seconds);
    double next = soFar / roundsDone;
    if (soFar + next <= limitJoules) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            STOP_REASON_PREFIX
                + " stopped after %d of %d rounds; their cost (eta %s x %.0f J + (1 - eta) x %.0f"
                + " W x %.1f s) is %.0f J and one more round would pass the limit of %.0f J",
            roundsDone,
            plannedRounds,
            cost.eta(),
            joules,
            cost.maxPowerWatts(),
            seconds,
            soFar,
            limitJoules));
  }
}
