package org.greentrain.config;

import java.io.Serializable;
import org.greentrain.energy.spark.EnergyConf;
import org.greentrain.error.UserError;

/**
 * Energy, carbon, embodied emissions and water accounting. {@code pue} multiplies IT energy (1.0 =
 * IT energy only); {@code wue} is the site's on-site water per kWh of IT energy; an empty {@code
 * serverModel} is detected; empty file settings mean the tables bundled from {@code conf/}.
 */
public record EnergyConfig(
    String region,
    double pue,
    String cpuModel,
    String powerProfilesFile,
    String carbonIntensityFile,
    double memoryGb,
    long sampleIntervalMs,
    String powercapRoot,
    double wue,
    String serverModel,
    String embodiedEmissionsFile,
    String waterIntensityFile)
    implements Serializable {

  public EnergyConfig {
    if (region == null || region.isBlank()) {
      throw new UserError("Invalid " + ConfigKeys.ENERGY_REGION + ": it is empty");
    }
    // The plugin's bounds: the pipeline hands these values to it.
    Checks.range(ConfigKeys.ENERGY_PUE, pue, EnergyConf.PUE_MIN, EnergyConf.PUE_MAX);
    Checks.range(ConfigKeys.ENERGY_WUE, wue, EnergyConf.WUE_MIN, EnergyConf.WUE_MAX);
    Checks.range(ConfigKeys.ENERGY_MEMORY_GB, memoryGb, 0, 1e6);
    Checks.range(
        ConfigKeys.ENERGY_SAMPLE_INTERVAL_MS,
        sampleIntervalMs,
        EnergyConf.SAMPLE_INTERVAL_MS_MIN,
        EnergyConf.SAMPLE_INTERVAL_MS_MAX);
  }
}
