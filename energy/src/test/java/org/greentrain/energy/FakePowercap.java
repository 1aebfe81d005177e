package org.greentrain.energy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A hand-made powercap class directory: one sub-directory per zone, as Linux lists them. Public so
 * the plugin tests in energy.spark can drive a node meter with known energy.
 */
public final class FakePowercap {

  public final Path root;

  public FakePowercap(Path root) {
    this.root = root;
  }

  /** Adds a zone directory such as {@code intel-rapl:0:1} with its name, counter and range. */
  public FakePowercap zone(String dir, String name, long energyUj, long maxEnergyRangeUj) {
    Path zone = root.resolve(dir);
    write(zone.resolve("name"), name + "\n");
    write(zone.resolve("max_energy_range_uj"), maxEnergyRangeUj + "\n");
    return energy(dir, energyUj);
  }

  /** Sets the counter of a zone, as the hardware would move it. */
  public FakePowercap energy(String dir, long energyUj) {
    write(root.resolve(dir).resolve("energy_uj"), energyUj + "\n");
    return this;
  }

  /** Adds to the counter of a zone, without wrapping. */
  public FakePowercap add(String dir, long microjoules) {
    try {
      long now = Long.parseLong(Files.readString(energyFile(dir)).strip());
      return energy(dir, now + microjoules);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path energyFile(String dir) {
    return root.resolve(dir).resolve("energy_uj");
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
