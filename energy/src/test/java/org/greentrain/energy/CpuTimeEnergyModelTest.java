package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CpuTimeEnergyModelTest {

  // 100 W package, 10 threads, 20 % idle: 8 W per busy thread, 20 W idle; 0.5 W per GB.
  private final CpuTimeEnergyModel model =
      new CpuTimeEnergyModel(new PowerProfile("test", 100, 10, 0.2, 0.5, "hand-made"));

  @Test
  void addsActiveIdleShareAndMemoryTerms() {
    EnergyEstimate estimate = model.estimate(30, 10, 5, 4);

    // 30 s * 8 W + 10 s * 20 W * 5/10 + 10 s * 0.5 W/GB * 4 GB = 240 + 100 + 20 = 360 J
    assertThat(estimate.joules()).isCloseTo(360.0, within(1e-9));
    assertThat(estimate.kwh()).isCloseTo(1e-4, within(1e-15));
    assertThat(estimate.method()).isEqualTo("cpu-time-model");
    assertThat(estimate.estimated()).isTrue();
  }

  @Test
  void capsIdleShareAtTheWholePackage() {
    EnergyEstimate estimate = model.estimate(30, 10, 64, 0);

    // 30 s * 8 W + 10 s * 20 W * 10/10 = 240 + 200 = 440 J
    assertThat(estimate.joules()).isCloseTo(440.0, within(1e-9));
  }

  @Test
  void idleWorkStillPaysForHeldThreadsAndMemory() {
    EnergyEstimate estimate = model.estimate(0, 60, 1, 2);

    // 60 s * 20 W * 1/10 + 60 s * 0.5 W/GB * 2 GB = 120 + 60 = 180 J
    assertThat(estimate.joules()).isCloseTo(180.0, within(1e-9));
  }

  @Test
  void bundledDefaultProfileChargesCloudCarbonFootprintWattsPerVcpu() {
    CpuTimeEnergyModel fallback =
        new CpuTimeEnergyModel(PowerProfiles.loadDefault().defaultProfile());

    // One vCPU fully busy for an hour: CCF's 3.5 W maximum, i.e. 3.5 Wh = 12 600 J.
    assertThat(fallback.estimate(3600, 3600, 1, 0).joules()).isCloseTo(12_600, within(1.0));
  }

  @Test
  void rejectsNegativeCpuSeconds() {
    assertThatThrownBy(() -> model.estimate(-1, 10, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid cpuSeconds, must be finite and >= 0: -1.0");
  }

  @Test
  void rejectsNaNWallSeconds() {
    assertThatThrownBy(() -> model.estimate(1, Double.NaN, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid wallSeconds, must be finite and >= 0: NaN");
  }

  @Test
  void rejectsNegativeAllocatedThreads() {
    assertThatThrownBy(() -> model.estimate(1, 1, -2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid allocatedThreads, must be >= 0: -2");
  }

  @Test
  void rejectsInfiniteMemory() {
    assertThatThrownBy(() -> model.estimate(1, 1, 1, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid memoryGb, must be finite and >= 0: Infinity");
  }

  @Test
  void requiresAProfile() {
    assertThatThrownBy(() -> new CpuTimeEnergyModel(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("profile");
  }
}
