package org.greentrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  @Test
  void cosineFromInitialToFinalFraction() {
    LearningRateSchedule s = new LearningRateSchedule(0.1, 0.1, 5);

    assertThat(s.rate(0)).isEqualTo(0.1);
    assertThat(s.rate(2)).isCloseTo(0.055, within(1e-12));
    assertThat(s.rate(4)).isCloseTo(0.01, within(1e-12));
    for (int r = 1; r < 5; r++) {
      assertThat(s.rate(r)).isLessThan(s.rate(r - 1));
    }
  }

  @Test
  void singleRoundUsesTheInitialRate() {
    assertThat(new LearningRateSchedule(0.2, 0.0, 1).rate(0)).isEqualTo(0.2);
  }

  @Test
  void invalidScheduleIsNamed() {
    assertThatThrownBy(() -> new LearningRateSchedule(0.1, 1.5, 3))
        .hasMessage("Invalid learning-rate schedule: initial 0.1, final fraction 1.5, rounds 3");
  }

  @Test
  void linearWarmUpThenCosineOverTheRemainingRounds() {
    LearningRateSchedule s = new LearningRateSchedule(0.1, 0.1, 7, 2);

    assertThat(s.rate(0)).isCloseTo(0.1 / 3, within(1e-12));
    assertThat(s.rate(1)).isCloseTo(0.2 / 3, within(1e-12));
    // Then the same decay as a 5-round schedule without warm-up.
    assertThat(s.rate(2)).isEqualTo(0.1);
    assertThat(s.rate(4)).isCloseTo(0.055, within(1e-12));
    assertThat(s.rate(6)).isCloseTo(0.01, within(1e-12));
  }

  @Test
  void warmUpEpochsBecomeTheSameShareOfRounds() {
    assertThat(LearningRateSchedule.warmupRounds(1, 8, 38)).isEqualTo(5);
    assertThat(LearningRateSchedule.warmupRounds(0.5, 2, 4)).isEqualTo(1);
    assertThat(LearningRateSchedule.warmupRounds(0, 8, 38)).isZero();
  }

  @Test
  void warmUpMustLeaveRoundsToDecay() {
    assertThatThrownBy(() -> new LearningRateSchedule(0.1, 0.1, 3, 3))
        .hasMessage(
            "Invalid learning-rate warm-up: 3 rounds of 3 (at least 0 and fewer than the rounds);"
                + " lower train.warmup-epochs");
  }
}
