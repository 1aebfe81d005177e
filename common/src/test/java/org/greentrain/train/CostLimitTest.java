package org.greentrain.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CostLimitTest {

  @Test
  void stopsAtTheLastRoundWhoseCostStaysWithinTheLimit() {
    // eta 0.5, 100 W: two rounds of 400 J and 4 s cost 0.5 x 400 + 0.5 x 100 x 4 = 400 J; the
    // next round, at their mean, 200 J more: 600 J.
    CostLimit limit = new CostLimit(new ZeusCost(0.5, 100), 600);

    assertThat(limit.stopAfter(2, 8, 400, 4)).isEmpty();
    assertThat(new CostLimit(new ZeusCost(0.5, 100), 599).stopAfter(2, 8, 400, 4))
        .hasValue(
            "cost limit: stopped after 2 of 8 rounds; their cost (eta 0.5 x 400 J + (1 - eta) x"
                + " 100 W x 4.0 s) is 400 J and one more round would pass the limit of 599 J");
  }

  @Test
  void noLimitNoRoundsOrTheLastRoundNeverStop() {
    assertThat(CostLimit.NONE.stopAfter(2, 8, 1e9, 1e9)).isEmpty();
    CostLimit tight = new CostLimit(new ZeusCost(1, 100), 1);
    assertThat(tight.stopAfter(0, 8, 0, 0)).isEmpty();
    assertThat(tight.stopAfter(8, 8, 1000, 10)).isEmpty();
    assertThat(tight.stopAfter(1, 8, 1000, 10)).isPresent();
  }
}
