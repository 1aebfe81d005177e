package org.greentrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnergyBudgetTest {

  @Test
  void predictsTheWholeTrainingFromTheRoundsSoFar() {
    assertThat(new EnergyBudget(0, 10).predictedJoules(1, 360.0)).isEqualTo(3600.0);
    assertThat(new EnergyBudget(0, 10).predictedJoules(4, 1000.0)).isEqualTo(2500.0);
  }

  @Test
  void stopsAtTheLastRoundThatFitsWithTheReason() {
    // 3.6e6 J = 1 kWh budget; rounds of 1e6 J: three fit, a fourth would not.
    EnergyBudget budget = new EnergyBudget(3.6e6, 10);

    assertThat(budget.stopAfter(1, 1e6)).isEmpty();
    assertThat(budget.stopAfter(2, 2e6)).isEmpty();
    assertThat(budget.stopAfter(3, 3e6))
        .hasValue(
            "energy budget: stopped after 3 of 10 rounds; they used 0.833333 kWh and one more"
                + " round (about 0.277778 kWh) would exceed train.energy-budget-kwh = 1.000000");
  }

  @Test
  void noBudgetOrTheLastRoundNeverStops() {
    assertThat(new EnergyBudget(0, 10).stopAfter(5, 1e12)).isEmpty();
    assertThat(new EnergyBudget(1, 3).stopAfter(3, 1e12)).isEmpty();
  }

  @Test
  void plannedRoundsMustBePositive() {
    assertThatThrownBy(() -> new EnergyBudget(1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid planned rounds: 0");
  }
}
