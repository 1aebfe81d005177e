package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ImpactFactorsTest {

  /** 100 g CO2e per node hour (876 kg over one year), WUE 1.8 L/kWh, 7.6 L/kWh off site. */
  private static final ImpactFactors FACTORS =
      ImpactFactors.of(
          new EmbodiedEmission("R740", 876, 1, 2019, "server"),
          1.8,
          new WaterIntensity("us", 7.6, 2014, "grid"));

  @Test
  void embodiedIsTheNodeHoursTimesTheRate() {
    assertThat(FACTORS.embodiedGramsPerHour()).isCloseTo(100, within(1e-12));
    assertThat(FACTORS.embodiedGrams(0.25)).isCloseTo(25, within(1e-12));
    assertThat(FACTORS.embodiedSource()).isEqualTo("server");
    assertThat(FACTORS.embodiedDefault()).isFalse();
  }

  @Test
  void waterIsOnSiteForItEnergyAndOffSiteForFacilityEnergy() {
    // 1 kWh at PUE 1.5: 1.8 L on site + 1.5 kWh x 7.6 L off site = 13.2 L.
    assertThat(FACTORS.waterLitres(3.6e6, 1.5)).isCloseTo(13.2, within(1e-12));
    // PUE 1.0: 1.8 + 7.6.
    assertThat(FACTORS.waterLitres(3.6e6, 1.0)).isCloseTo(9.4, within(1e-12));
    assertThat(FACTORS.waterLitres(0, 1.0)).isZero();
  }

  @Test
  void theDriverAddsBothToARowFromItsNodeHoursAndEnergy() {
    EnergyRow onExecutor =
        EnergyRow.onExecutor(
            "1",
            "n1",
            0,
            1800_000,
            new EnergyShare(EnergyShare.NODE_OTHER, null, 0, 7.2e6),
            "",
            true,
            "cpu-time-model",
            0.5,
            "Dell Inc. PowerEdge R740 / Xeon");

    EnergyRow row =
        onExecutor.onDriver(
            -1, new CarbonIntensity("us", 369, 2023, "ember"), 1.0, FACTORS, GpuEmbodied.NONE);

    // Half an hour at 100 g/h; 2 kWh x (1.8 + 1.0 x 7.6) L/kWh.
    assertThat(row.embodiedCo2eGrams()).isCloseTo(50, within(1e-12));
    assertThat(row.waterLitres()).isCloseTo(18.8, within(1e-12));
    assertThat(row.impact()).isSameAs(FACTORS);
    assertThat(row.hardware()).isEqualTo("Dell Inc. PowerEdge R740 / Xeon");
  }
}
