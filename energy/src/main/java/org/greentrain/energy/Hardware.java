package org.greentrain.energy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a node is made of, as far as a JVM can tell without privileges: the server's make and model
 * from DMI ({@code /sys/class/dmi/id/sys_vendor} and {@code product_name}, readable by anyone) and
 * the CPU's model name. Embodied emissions are looked up by {@link #description()}.
 *
 * @param serverModel e.g. {@code Dell Inc. PowerEdge R740}; empty where unknown (VMs often report
 *     their hypervisor's name instead, containers and non-Linux systems nothing)
 * @param cpuModel e.g. {@code Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz}
 */
public record Hardware(String serverModel, String cpuModel) {

  /** Where Linux exposes the firmware's DMI identification. */
  public static final Path DMI_DIR = Path.of("/sys/class/dmi/id");

  public Hardware {
    serverModel = serverModel == null ? "" : serverModel.strip();
    cpuModel = cpuModel == null ? "" : cpuModel.strip();
  }

  /** {@code <server model> / <cpu model>}, the text the embodied table's patterns search. */
  public String description() {
    return serverModel + " / " + cpuModel;
  }

  /**
   * This node's hardware: each non-empty override wins over what is detected; the server from the
   * DMI files under {@code dmiDir}, the CPU from {@code /proc/cpuinfo}. Never throws.
   */
  public static Hardware detect(Path dmiDir, String serverOverride, String cpuOverride) {
    String server =
        serverOverride == null || serverOverride.isBlank() ? serverModel(dmiDir) : serverOverride;
    String cpu =
        cpuOverride == null || cpuOverride.isBlank() ? PowerProfiles.detectCpuModel() : cpuOverride;
    return new Hardware(server, cpu);
  }

  /** {@code <sys_vendor> <product_name>} from a DMI directory, or empty. Never throws. */
  static String serverModel(Path dmiDir) {
    String vendor = firstLine(dmiDir.resolve("sys_vendor"));
    String product = firstLine(dmiDir.resolve("product_name"));
    return (vendor + " " + product).strip();
  }

  private static String firstLine(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      int newline = text.indexOf('\n');
      return newline < 0 ? text : text.substring(0, newline).strip();
    } catch (IOException | RuntimeException ignored) {
      // Best effort: no DMI (containers, macOS) only means the default embodied row.
      return "";
    }
  }
}
