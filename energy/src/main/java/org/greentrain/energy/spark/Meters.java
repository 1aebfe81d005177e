package org.greentrain.energy.spark;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.greentrain.energy.CommandRunner;
import org.greentrain.energy.Hardware;
import org.greentrain.energy.NodeMeter;
import org.greentrain.energy.NodeMeters;
import org.greentrain.energy.PowerProfiles;

/**
 * The node meter the plugin's settings ask for (RAPL where readable, else the CPU model), and the
 * node's hardware as they describe it.
 */
final class Meters {

  private Meters() {}

  static NodeMeter forNode(EnergyConf conf, Consumer<String> warn) {
    PowerProfiles profiles =
        conf.powerProfilesFile().isBlank()
            ? PowerProfiles.loadDefault()
            : PowerProfiles.load(Path.of(conf.powerProfilesFile()));
    String cpu = conf.cpuModel().isBlank() ? PowerProfiles.detectCpuModel() : conf.cpuModel();
    return NodeMeters.detect(
        Path.of(conf.powercapRoot()), profiles.forCpu(cpu), CommandRunner.system(), warn);
  }

  /** This node's hardware description, the overrides of the settings winning over detection. */
  static String hardware(EnergyConf conf) {
    return Hardware.detect(Hardware.DMI_DIR, conf.serverModel(), conf.cpuModel()).description();
  }
}
