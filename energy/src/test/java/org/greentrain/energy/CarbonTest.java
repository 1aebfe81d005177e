package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CarbonTest {

  private static final CarbonIntensity GRID = new CarbonIntensity("xx", 500, 2023, "test");

  @Test
  void multipliesKilowattHoursByPueAndIntensity() {
    // 3.6e6 J = 1 kWh; 1 kWh * 1.2 * 500 g/kWh = 600 g
    assertThat(Carbon.gramsCo2e(3.6e6, 1.2, GRID)).isCloseTo(600.0, within(1e-9));
  }

  @Test
  void itOnlyPueCountsTheEnergyAsIs() {
    // 1.8e6 J = 0.5 kWh; 0.5 kWh * 500 g/kWh = 250 g
    assertThat(Carbon.gramsCo2e(1.8e6, Carbon.IT_ONLY_PUE, GRID)).isCloseTo(250.0, within(1e-9));
  }

  @Test
  void rejectsPueBelowOne() {
    assertThatThrownBy(() -> Carbon.gramsCo2e(1, 0.95, GRID))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid PUE, must be finite and >= 1.0: 0.95");
  }

  @Test
  void rejectsNegativeJoules() {
    assertThatThrownBy(() -> Carbon.gramsCo2e(-5, 1.1, GRID))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid joules, must be finite and >= 0: -5.0");
  }

  @Test
  void rejectsNegativeIntensity() {
    assertThatThrownBy(() -> new CarbonIntensity("xx", -1, 2023, "test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid gramsPerKwh, must be finite and >= 0: -1.0");
  }
}
