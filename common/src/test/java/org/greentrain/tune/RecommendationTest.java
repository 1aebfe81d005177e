package org.greentrain.tune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.greentrain.store.TuningTrial;
import org.junit.jupiter.api.Test;

class RecommendationTest {

  static TuningTrial trial(int n, boolean reached, double accuracy, Double eta, Double tta) {
    return new TuningTrial(
        n, "{}", 0.8, reached, accuracy, eta, tta, 1000 + n, 60, 0.1, 3, false, false, false, "");
  }

  @Test
  void theReachedTrialWithTheLeastEnergyToAccuracyIsRecommended() {
    List<TuningTrial> trials =
        List.of(
            trial(1, true, 0.81, 500.0, 10.0),
            trial(2, true, 0.82, 300.0, 20.0),
            // Cheapest of all, but short of the target.
            trial(3, false, 0.70, null, null),
            trial(4, true, 0.80, 400.0, 5.0));

    assertThat(Recommendation.of(trials)).map(TuningTrial::trial).contains(2);
  }

  @Test
  void tiesGoToTheShorterTimeThenToTheEarlierTrial() {
    assertThat(
            Recommendation.of(
                List.of(trial(1, true, 0.8, 300.0, 20.0), trial(2, true, 0.8, 300.0, 15.0))))
        .map(TuningTrial::trial)
        .contains(2);
    assertThat(
            Recommendation.of(
                List.of(trial(1, true, 0.8, 300.0, 15.0), trial(2, true, 0.9, 300.0, 15.0))))
        .map(TuningTrial::trial)
        .contains(1);
  }

  @Test
  void anUnmeasuredEnergyToAccuracyRanksByTheTrialsWholeEnergy() {
    // Trial 1's whole energy is 1001 J, above trial 2's 900 J to accuracy.
    assertThat(
            Recommendation.of(
                List.of(trial(1, true, 0.8, null, 10.0), trial(2, true, 0.8, 900.0, 10.0))))
        .map(TuningTrial::trial)
        .contains(2);
  }

  @Test
  void noneReachedMeansNoRecommendationAndSaysWhichCameClosest() {
    List<TuningTrial> trials =
        List.of(trial(1, false, 0.61, null, null), trial(2, false, 0.7312, null, null));

    assertThat(Recommendation.of(trials)).isEmpty();
    assertThat(Recommendation.noneReached(trials))
        .isEqualTo(
            "Cannot recommend settings: none of the 2 trials reached train.target-accuracy 0.8"
                + " (best validation accuracy 0.7312, trial 2); lower the target or allow more"
                + " rounds (train.epochs or train.rounds)");
  }
}
