package org.greentrain.config;

import java.io.Serializable;

/**
 * Energy and carbon accounting. {@code pue} multiplies IT energy (1.0 = IT energy only); empty file
 * settings mean the tables bundled from {@code conf/}.
 */
public record EnergyConfig(
    String region,
    double pue,
    String cpuModel,
    String powerProfilesFile,
    String carbonIntensityFile,
    double memoryGb,
    long sampleIntervalMs,
    String powercapRoot)
    implements Serializable {

  public EnergyConfig {
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("Invalid " + ConfigKeys.ENERGY_REGION + ": it is empty");
    }
    Checks.range(ConfigKeys.ENERGY_PUE, pue, 1.0, 3.0);
    Checks.range(ConfigKeys.ENERGY_MEMORY_GB, memoryGb, 0, 1e6);
    Checks.range(ConfigKeys.ENERGY_SAMPLE_INTERVAL_MS, sampleIntervalMs, 100, 60_000);
  }
}
