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
    // The energy plugin reports a bad file or an unknown region as IllegalArgumentException: it
    // depends on nothing of ours. Here the files and the region are the user's config.
    PowerProfiles profiles =
        c.powerProfilesFile().isBlank()
            ? PowerProfiles.loadDefault()
            : UserError.fromInput(() -> PowerProfiles.load(Path.of(c.powerProfilesFile())));
    CarbonIntensityTable carbon =
        c.carbonIntensityFile().isBlank()
            ? CarbonIntensityTable.loadDefault()
            : UserError.fromInput(
                () -> CarbonIntensityTable.load(Path.of(c.carbonIntensityFile())));
    String cpu = c.cpuModel().isBlank() ? PowerProfiles.detectCpuModel() : c.cpuModel();
    return new StageEnergyModel(
        new CpuTimeEnergyModel(profiles.forCpu(cpu)),
        UserError.fromInput(() -> carbon.forRegion(c.region())),
        c.pue(),
        allocatedThreads,
        c.memoryGb());
  }
}
