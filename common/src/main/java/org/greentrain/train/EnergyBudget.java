package org.greentrain.train;

import java.util.Locale;
import java.util.Optional;

/**
 * Keeps training within an energy budget: after each round, the mean energy of the rounds so far
 * predicts the next one, and training stops at the last round that fits. The first round also
 * predicts the whole training, as Carbontracker does after its first epoch (Anthony, Kanding,
 * Selvan 2020, arXiv:2007.03051).
 *
 * @param budgetJoules energy allowed for training; 0 or less means no budget
 * @param plannedRounds rounds the schedule would run
 */
public record EnergyBudget(double budgetJoules, int plannedRounds) {

  /** How the reason of a stop by the budget begins, in the train stage's notes. */
  public static final String STOP_REASON_PREFIX = "energy budget:";

  public EnergyBudget {
    if (plannedRounds < 1) {
      throw new IllegalArgumentException("Invalid planned rounds: " + plannedRounds);
    }
  }

  /** Energy the whole training will take if the rounds so far are typical. */
  public double predictedJoules(int roundsDone, double joulesSoFar) {
    return roundsDone == 0 ? 0 : joulesSoFar / roundsDone * plannedRounds;
  }

  /**
   * Why to stop after {@code roundsDone} rounds that used {@code joulesSoFar}, or empty to go on.
   */
  public Optional<String> stopAfter(int roundsDone, double joulesSoFar) {
    if (budgetJoules <= 0 || roundsDone == 0 || roundsDone >= plannedRounds) {
      return Optional.empty();
    }
    double nextRound = joulesSoFar / roundsDone;
    if (joulesSoFar + nextRound <= budgetJoules) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            STOP_REASON_PREFIX
                + " stopped after %d of %d rounds; they used %.6f kWh and one more round"
                + " (about %.6f kWh) would exceed train.energy-budget-kwh = %.6f",
            roundsDone,
            plannedRounds,
            joulesSoFar / 3.6e6,
            nextRound / 3.6e6,
            budgetJoules / 3.6e6));
  }
}
