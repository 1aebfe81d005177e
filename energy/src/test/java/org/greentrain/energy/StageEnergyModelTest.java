package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StageEnergyModelTest {

  // 100 W package, 10 threads, 20% idle: 8 W per busy thread, 20 W idle; DRAM 0.5 W/GB.
  private static final PowerProfile PROFILE = new PowerProfile("test", 100, 10, 0.2, 0.5, "test");
  private static final CarbonIntensity GRID = new CarbonIntensity("xx", 400, 2023, "test");
  // 360 g per node hour, 1 L/kWh on site, 2 L/kWh off site.
  private static final ImpactFactors IMPACT = new ImpactFactors(360, "server", true, 1, 2, "grid");

  @Test
  void energyAndCarbonOfAStage() {
    StageEnergyModel model =
        new StageEnergyModel(new CpuTimeEnergyModel(PROFILE), GRID, 1.5, 5, 4, IMPACT);

    StageEnergy e = model.estimate(30, 10);

    // 30 s x 8 W + 10 s x 20 W x 5/10 + 10 s x 0.5 W/GB x 4 GB = 240 + 100 + 20 = 360 J
    assertThat(e.joules()).isCloseTo(360, within(1e-9));
    // 360 J = 1e-4 kWh; x 1.5 PUE x 400 g/kWh = 0.06 g
    assertThat(e.co2eGrams()).isCloseTo(0.06, within(1e-12));
    assertThat(e.estimated()).isTrue();
    assertThat(e.method()).isEqualTo("cpu-time-model");
    assertThat(e.region()).isEqualTo("xx");
    assertThat(e.intensityGramsPerKwh()).isEqualTo(400);
    assertThat(e.pue()).isEqualTo(1.5);
    // Without the plugin the stage holds the whole node for its 10 s: 10/3600 h x 360 g/h = 1 g.
    assertThat(e.embodiedCo2eGrams()).isCloseTo(1, within(1e-12));
    // 1e-4 kWh x (1 + 1.5 x 2) L/kWh = 4e-4 L.
    assertThat(e.waterLitres()).isCloseTo(4e-4, within(1e-15));
    assertThat(e.impact().embodiedDefault()).isTrue();
  }

  @Test
  void invalidAllocationIsRejected() {
    assertThatThrownBy(
            () -> new StageEnergyModel(new CpuTimeEnergyModel(PROFILE), GRID, 1.0, 0, 4, IMPACT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid allocated threads: 0");
  }
}
