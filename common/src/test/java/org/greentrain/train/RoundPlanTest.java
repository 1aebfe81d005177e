package org.greentrain.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoundPlanTest {

  @Test
  void epochsBecomeRoundsOfLocalSteps() {
    // 3 passes over 60,000 samples at 100 steps x 64 = 6,400 samples per round: 28.1 -> 29
    assertThat(RoundPlan.rounds(3, 0, 60_000, 100, 64)).isEqualTo(29);
    assertThat(RoundPlan.rounds(1, 0, 100, 100, 64)).isEqualTo(1);
  }

  @Test
  void onePassPerRoundWhenLocalStepsIsZero() {
    assertThat(RoundPlan.rounds(4, 0, 60_000, 0, 64)).isEqualTo(4);
  }

  @Test
  void fixedRoundsWin() {
    assertThat(RoundPlan.rounds(3, 7, 60_000, 100, 64)).isEqualTo(7);
  }
}
