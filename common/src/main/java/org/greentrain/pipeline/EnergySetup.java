package org.greentrain.pipeline;

import java.nio.file.Path;
import org.greentrain.config.EnergyConfig;
import org.greentrain.energy.CarbonIntensityTable;
import org.greentrain.energy.CpuTimeEnergyModel;
import org.greentrain.energy.EmbodiedEmissionsTable;
import org.greentrain.energy.Hardware;
import org.greentrain.energy.ImpactFactors;
import org.greentrain.energy.PowerProfiles;
import org.greentrain.energy.StageEnergyModel;
import org.greentrain.energy.WaterIntensityTable;
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
    String cpu = cpuModel(c);
    return new StageEnergyModel(
        new CpuTimeEnergyModel(profiles.forCpu(cpu)),
        UserError.fromInput(() -> carbon.forRegion(c.region())),
        c.pue(),
        allocatedThreads,
        c.memoryGb(),
        impact(c, cpu));
  }

  /** The embodied and water factors of this node, from the config's tables and WUE. */
  static ImpactFactors impact(EnergyConfig c, String cpu) {
    EmbodiedEmissionsTable embodied =
        c.embodiedEmissionsFile().isBlank()
            ? EmbodiedEmissionsTable.loadDefault()
            : UserError.fromInput(
                () -> EmbodiedEmissionsTable.load(Path.of(c.embodiedEmissionsFile())));
    WaterIntensityTable water =
        c.waterIntensityFile().isBlank()
            ? WaterIntensityTable.loadDefault()
            : UserError.fromInput(() -> WaterIntensityTable.load(Path.of(c.waterIntensityFile())));
    Hardware hardware = Hardware.detect(Hardware.DMI_DIR, c.serverModel(), cpu);
    return ImpactFactors.of(
        embodied.forHardware(hardware.description()), c.wue(), water.forRegion(c.region()));
  }

  /**
   * The power (W) of an application that keeps all its {@code allocatedThreads} busy, as the
   * CPU-time model of {@link #fromConfig} estimates it: the part of the CPU package's full-load
   * power those threads take, with the idle and memory shares the model charges.
   */
  public static double maxPowerWatts(EnergyConfig c, int allocatedThreads) {
    return fromConfig(c, allocatedThreads).estimate(allocatedThreads, 1).joules();
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
