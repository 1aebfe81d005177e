package org.greentrain.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.greentrain.energy.spark.EnergyConf;
import org.junit.jupiter.api.Test;

/**
 * The pipeline hands its energy section to the plugin, and anyone can run the plugin alone: both
 * must start from the same defaults, or the same job would account differently in the two ways.
 */
class EnergyDefaultsTest {

  @Test
  void theConfigDefaultsAreThePluginDefaults() {
    EnergyConfig config = ConfigLoader.load(null, Map.of()).energy();

    assertThat(config.region()).isEqualTo(EnergyConf.REGION_DEFAULT);
    assertThat(config.pue()).isEqualTo(EnergyConf.PUE_DEFAULT);
    assertThat(config.cpuModel()).isEqualTo(EnergyConf.CPU_MODEL_DEFAULT);
    assertThat(config.powerProfilesFile()).isEqualTo(EnergyConf.POWER_PROFILES_FILE_DEFAULT);
    assertThat(config.carbonIntensityFile()).isEqualTo(EnergyConf.CARBON_INTENSITY_FILE_DEFAULT);
    assertThat(config.sampleIntervalMs()).isEqualTo(EnergyConf.SAMPLE_INTERVAL_MS_DEFAULT);
    assertThat(config.powercapRoot()).isEqualTo(EnergyConf.POWERCAP_ROOT_DEFAULT);
  }
}
