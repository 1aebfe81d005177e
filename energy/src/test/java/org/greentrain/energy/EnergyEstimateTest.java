package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EnergyEstimateTest {

  @Test
  void convertsJoulesToKilowattHours() {
    EnergyEstimate estimate = new EnergyEstimate(7.2e6, "rapl", false);

    assertThat(estimate.kwh()).isCloseTo(2.0, within(1e-12));
    assertThat(estimate.isEstimated()).isFalse();
  }

  @Test
  void rejectsNegativeJoules() {
    assertThatThrownBy(() -> new EnergyEstimate(-1, "rapl", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid joules, must be finite and >= 0: -1.0");
  }

  @Test
  void rejectsNaNJoules() {
    assertThatThrownBy(() -> new EnergyEstimate(Double.NaN, "rapl", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid joules, must be finite and >= 0: NaN");
  }

  @Test
  void rejectsBlankMethod() {
    assertThatThrownBy(() -> new EnergyEstimate(1, "", true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid method: ");
  }
}
