package org.greentrain.tune;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.greentrain.store.TuningTrial;

/**
 * The settings to recommend: those of the trial that reached the target with the least energy to
 * accuracy. A tie goes to the shorter time to accuracy, then to the earlier trial. A reached trial
 * whose energy to accuracy was not measured ranks by its whole energy.
 */
public final class Recommendation {

  private static final Comparator<TuningTrial> CHEAPEST =
      Comparator.comparingDouble(Recommendation::energyToAccuracy)
          .thenComparingDouble(
              t -> t.timeToAccuracySeconds() != null ? t.timeToAccuracySeconds() : t.seconds())
          .thenComparingInt(TuningTrial::trial);

  private Recommendation() {}

  /** The trial to recommend, or empty when none reached the target. */
  public static Optional<TuningTrial> of(List<TuningTrial> trials) {
    return trials.stream().filter(TuningTrial::reached).min(CHEAPEST);
  }

  /** Why nothing is recommended: no trial reached the target; the closest one named. */
  public static String noneReached(List<TuningTrial> trials) {
    TuningTrial best =
        trials.stream().max(Comparator.comparingDouble(TuningTrial::accuracy)).orElseThrow();
    return String.format(
        Locale.ROOT,
        "Cannot recommend settings: none of the %d trials reached train.target-accuracy %s (best"
            + " validation accuracy %.4f, trial %d); lower the target or allow more rounds"
            + " (train.epochs or train.rounds)",
        trials.size(),
        best.targetAccuracy(),
        best.accuracy(),
        best.trial());
  }

  private static double energyToAccuracy(TuningTrial t) {
    return t.energyToAccuracyJoules() != null ? t.energyToAccuracyJoules() : t.energyJoules();
  }
}
