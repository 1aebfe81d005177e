package org.greentrain.energy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the CPU package and DRAM energy counters of Intel RAPL (and AMD's RAPL-compatible counters)
 * through the Linux powercap sysfs tree, {@code /sys/class/powercap} by default (Spark conf {@code
 * greentrain.energy.powercap-root}).
 *
 * <p>Which zones count: every {@code intel-rapl:*} and {@code intel-rapl-mmio:*} entry directly
 * under the root (the class directory lists zones and sub-zones side by side) is read by its {@code
 * name}. Zones named {@code package-N} (or {@code package-N-die-M}) add up to {@value
 * MeterReading#CPU}; zones named {@code dram} add up to {@value MeterReading#DRAM}. Skipped: {@code
 * core} and {@code uncore}, which are parts of their package; {@code psys}, the whole platform,
 * which overlaps the packages; and an {@code intel-rapl-mmio} zone named like a package already
 * read through {@code intel-rapl}, which is a second interface to the same counter.
 *
 * <p>Wrap-around: {@code energy_uj} counts up to {@code max_energy_range_uj} and starts again from
 * 0. The meter keeps the last raw value of each zone and adds {@code raw - last}, or {@code max -
 * last + raw} when the value went down. The driver sets the range to the full scale of the hardware
 * counter, so the exact step across a wrap is one hardware energy unit more (about 15 or 61
 * microjoules, a unit sysfs does not expose); leaving it out costs less than 0.0001 J per wrap, and
 * a package wraps at most every few minutes. A window longer than a whole range (about 65 kJ on
 * most parts, under three minutes at 400 W) would lose a whole range: sample well within it.
 *
 * <p>Permissions: since Linux 5.10 {@code energy_uj} is readable by root only (CVE-2020-8694).
 * {@link #open} then warns once with the command that grants access and returns empty.
 *
 * <p>Readings start at 0 J when the meter is opened. Not thread-safe, see {@link NodeMeter}.
 */
public final class RaplMeter implements NodeMeter {

  /** The powercap class directory of Linux. */
  public static final Path DEFAULT_ROOT = Path.of("/sys/class/powercap");

  /** The {@link #method()} of this meter. */
  public static final String METHOD = "rapl";

  private static final String MMIO_PREFIX = "intel-rapl-mmio:";
  private static final Pattern ZONE_DIR = Pattern.compile("intel-rapl(-mmio)?:\\d+(:\\d+)*");
  private static final Pattern PACKAGE = Pattern.compile("package-\\d+(-die-\\d+)?");
  private static final String DRAM_ZONE = "dram";

  /** One counter: its file, the component it adds to, its range and its running total. */
  private static final class Zone {
    final String component;
    final Path energyFile;
    final long maxMicrojoules;
    long lastRaw;
    double totalMicrojoules;

    Zone(String component, Path energyFile, long maxMicrojoules, long firstRaw) {
      this.component = component;
      this.energyFile = energyFile;
      this.maxMicrojoules = maxMicrojoules;
      this.lastRaw = firstRaw;
    }
  }

  private final List<Zone> zones;
  private final SysfsReader reader;
  private final LongSupplier nanoTime;

  private RaplMeter(List<Zone> zones, SysfsReader reader, LongSupplier nanoTime) {
    this.zones = zones;
    this.reader = reader;
    this.nanoTime = nanoTime;
  }

  /**
   * Opens the package and DRAM zones under {@code root}. Never throws.
   *
   * @param warn told once, with the path and the remedy, when zones exist but cannot be read
   * @return empty, without a warning, when there is no RAPL zone (most VMs and containers); empty
   *     after a warning when a zone cannot be read
   */
  public static Optional<RaplMeter> open(Path root, Consumer<String> warn) {
    return open(root, warn, SysfsReader.FILES, System::nanoTime);
  }

  static Optional<RaplMeter> open(
      Path root, Consumer<String> warn, SysfsReader reader, LongSupplier nanoTime) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(warn, "warn");
    List<Path> dirs;
    try {
      dirs = zoneDirectories(root);
    } catch (IOException e) {
      // A missing or unlistable root is the ordinary case off bare metal: no counters to read.
      return Optional.empty();
    }
    if (dirs.isEmpty()) {
      return Optional.empty();
    }
    try {
      List<Zone> zones = openZones(dirs, reader);
      if (zones.isEmpty()) {
        warn.accept(
            "Cannot meter CPU energy with RAPL: no package or dram zone among "
                + dirs.size()
                + " zones under "
                + root);
        return Optional.empty();
      }
      return Optional.of(new RaplMeter(zones, reader, nanoTime));
    } catch (AccessDeniedException e) {
      warn.accept(
          "Cannot meter CPU energy with RAPL: permission denied reading "
              + e.getFile()
              + "; since Linux 5.10 energy_uj is readable by root only (CVE-2020-8694). Grant read"
              + " access with 'sudo chmod a+r "
              + root
              + "/intel-rapl:*/energy_uj "
              + root
              + "/intel-rapl:*:*/energy_uj' (lost at reboot; make it last with a udev rule or a"
              + " systemd-tmpfiles entry) or run the executor as root. Falling back to the CPU-time"
              + " model");
    } catch (IOException e) {
      warn.accept(
          "Cannot meter CPU energy with RAPL: "
              + e.getMessage()
              + ". Falling back to the CPU-time model");
    } catch (IllegalArgumentException e) {
      warn.accept(
          "Cannot meter CPU energy with RAPL: "
              + e.getMessage()
              + ". Falling back to the CPU-time model");
    }
    return Optional.empty();
  }

  private static List<Path> zoneDirectories(Path root) throws IOException {
    try (Stream<Path> entries = Files.list(root)) {
      // intel-rapl zones first, so that an MMIO zone can be recognised as a duplicate.
      return entries
          .filter(p -> ZONE_DIR.matcher(p.getFileName().toString()).matches())
          .sorted(
              (a, b) -> {
                boolean aMmio = isMmio(a);
                return aMmio != isMmio(b)
                    ? (aMmio ? 1 : -1)
                    : a.getFileName().toString().compareTo(b.getFileName().toString());
              })
          .toList();
    }
  }

  private static boolean isMmio(Path zoneDir) {
    return zoneDir.getFileName().toString().startsWith(MMIO_PREFIX);
  }

  private static List<Zone> openZones(List<Path> dirs, SysfsReader reader) throws IOException {
    List<Zone> zones = new ArrayList<>();
    Set<String> packagesSeen = new HashSet<>();
    for (Path dir : dirs) {
      String name = readText(reader, dir.resolve("name"));
      String component;
      if (PACKAGE.matcher(name).matches()) {
        if (isMmio(dir) && packagesSeen.contains(name)) {
          continue;
        }
        packagesSeen.add(name);
        component = MeterReading.CPU;
      } else if (name.equals(DRAM_ZONE)) {
        component = MeterReading.DRAM;
      } else {
        continue;
      }
      long max = readMicrojoules(reader, dir.resolve("max_energy_range_uj"));
      if (max <= 0) {
        throw new IllegalArgumentException(
            "Invalid max_energy_range_uj in " + dir.resolve("max_energy_range_uj") + ": " + max);
      }
      Path energy = dir.resolve("energy_uj");
      zones.add(new Zone(component, energy, max, readMicrojoules(reader, energy)));
    }
    return List.copyOf(zones);
  }

  private static long readMicrojoules(SysfsReader reader, Path file) throws IOException {
    String text = readText(reader, file);
    try {
      long value = Long.parseLong(text);
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below with the file's content.
    }
    throw new IllegalArgumentException("Invalid microjoules in " + file + ": " + text);
  }

  private static String readText(SysfsReader reader, Path file) throws IOException {
    try {
      return reader.read(file).strip();
    } catch (AccessDeniedException e) {
      throw e;
    } catch (IOException e) {
      // Some causes ("Is a directory") do not name the file, which the warning must.
      String why =
          e instanceof FileSystemException f && f.getReason() != null
              ? f.getReason()
              : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
      throw new IOException("Failed to read " + file + ": " + why, e);
    }
  }

  /**
   * Reads every zone.
   *
   * @throws UncheckedIOException if a zone can no longer be read
   * @throws IllegalArgumentException if a zone's counter is not a non-negative integer
   */
  @Override
  public MeterReading read() {
    Map<String, Double> joules = new TreeMap<>();
    for (Zone zone : zones) {
      long raw;
      try {
        raw = readMicrojoules(reader, zone.energyFile);
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to read " + zone.energyFile, e);
      }
      zone.totalMicrojoules +=
          raw >= zone.lastRaw ? raw - zone.lastRaw : zone.maxMicrojoules - zone.lastRaw + raw;
      zone.lastRaw = raw;
      joules.merge(zone.component, zone.totalMicrojoules / 1e6, Double::sum);
    }
    return new MeterReading(nanoTime.getAsLong(), joules);
  }

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public boolean isEstimated() {
    return false;
  }

  /** The energy files read, in reading order; for diagnostics. */
  public List<Path> energyFiles() {
    return zones.stream().map(z -> z.energyFile).toList();
  }
}
