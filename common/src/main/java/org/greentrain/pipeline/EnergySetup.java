package org.greentrain.pipeline;

import java.nio.file.Path;
import org.greentrain.config.EnergyConfig;
import org.greentrain.energy.CarbonIntensityTable;
import org.greentrain.energy.CpuTimeEnergyModel;
import org.greentrain.energy.PowerProfiles;
import org.greentrain.energy.StageEnergyModel;
import org.greentrain.error.UserError;

/** Builds the stage energy model from the energy section of the config. */
public final class EnergySetup {

  private EnergySetup() {}

  public static StageEnergyModel fromConfig(EnergyConfig c, int allocatedThreads) {
    PowerProfiles profiles = profiles(c);
    CarbonIntensityTable carbon =
        c.carbonIntensityFile().isBlank()
            ? CarbonIntensityTable.loadDefault()
            : UserError.fromInput(
                () -> CarbonIntensityTable.load(Path.of(c.carbonIntensityFile())));
    return new StageEnergyModel(
        new CpuTimeEnergyModel(profiles.forCpu(cpuModel(c))),
        UserError.fromInput(() -> carbon.forRegion(c.region())),
        c.pue(),
        allocatedThreads,
        c.memoryGb());
  }

  /** The full-load power (W) of this machine's CPU package: its power profile's TDP. */
  public static double maxPowerWatts(EnergyConfig c) {
    return profiles(c).forCpu(cpuModel(c)).tdpW();
  }

  private static PowerProfiles profiles(EnergyConfig c) {
    // The energy plugin reports a bad file or an unknown region as IllegalArgumentException: it
    // depends on nothing of ours. Here the files and the region are the user's config.
    return c.powerProfilesFile().isBlank()
        ? PowerProfiles.loadDefault()
        : UserError.fromInput(() -> PowerProfiles.load(Path.of(c.powerProfilesFile())));
  }

  private static String cpuModel(EnergyConfig c) {
    return c.cpuModel().isBlank() ? PowerProfiles.detectCpuModel() : c.cpuModel();
  }
}
