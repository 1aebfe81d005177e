package org.greentrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TargetAccuracyTest {

  private static RoundResult round(int round, double accuracy) {
    return new RoundResult(round, 10, 0.05, 0.5, 640, 2.0, 0, 2000, accuracy, 0.1, 1.5);
  }

  @Test
  void theFirstRoundAtOrAboveTheTargetReachesIt() {
    TargetAccuracy target = new TargetAccuracy(0.8);
    assertThat(target.reachedBy(round(2, 0.7999), 100, 6)).isEmpty();
    assertThat(target.reachedBy(round(3, Double.NaN), 100, 6)).as("not validated").isEmpty();
    TargetAccuracy.Reached reached = target.reachedBy(round(3, 0.8), 123.4, 8.24).orElseThrow();
    assertThat(reached).isEqualTo(new TargetAccuracy.Reached(3, 0.8, 123.4, 8.24));
    assertThat(target.stopReason(reached, 10))
        .isEqualTo(
            "target accuracy: validation accuracy 0.8000 reached train.target-accuracy 0.8 after"
                + " round 4 of 10, 123 J and 8.2 s from the start of training");
  }

  @Test
  void noTargetNeverStopsAndAMissSaysByHowMuch() {
    assertThat(new TargetAccuracy(0).reachedBy(round(0, 1.0), 1, 1)).isEmpty();
    assertThat(new TargetAccuracy(0.9).missed(0.8765, 12))
        .isEqualTo(
            "target accuracy 0.9 not reached in 12 rounds: best validation accuracy 0.8765, 2.35"
                + " points short");
    assertThatThrownBy(() -> new TargetAccuracy(1.01)).isInstanceOf(IllegalArgumentException.class);
  }
}
