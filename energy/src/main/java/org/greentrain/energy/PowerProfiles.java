package org.greentrain.energy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An immutable table of {@link PowerProfile}s, read from a CSV file with the columns {@code
 * cpu_pattern,tdp_w,threads,idle_fraction,dram_w_per_gb,source}.
 *
 * <p>{@link #forCpu} picks the first row, in file order, whose pattern is found in the CPU model
 * name; the row with pattern {@code *} is the fallback and must exist. Instances are safe to share
 * between threads.
 */
public final class PowerProfiles {

  /** Classpath location of the bundled table (from {@code conf/power-profiles.csv}). */
  public static final String DEFAULT_RESOURCE = "/greentrain/power-profiles.csv";

  static final String HEADER = "cpu_pattern,tdp_w,threads,idle_fraction,dram_w_per_gb,source";

  private static final Path PROC_CPUINFO = Path.of("/proc/cpuinfo");

  private record Entry(PowerProfile profile, Pattern pattern) {}

  private final List<Entry> specific;
  private final PowerProfile fallback;
  private final List<PowerProfile> all;

  private PowerProfiles(List<Entry> specific, PowerProfile fallback, List<PowerProfile> all) {
    this.specific = specific;
    this.fallback = fallback;
    this.all = all;
  }

  /** Reads a table from a file, typically a user's override of the bundled one. */
  public static PowerProfiles load(Path csv) {
    return ReferenceCsv.load(csv, HEADER, PowerProfiles::fromRows);
  }

  /**
   * Reads a table from {@code reader}, naming {@code sourceName} in errors. Does not close the
   * reader.
   */
  public static PowerProfiles load(Reader reader, String sourceName) {
    return fromRows(sourceName, ReferenceCsv.read(reader, sourceName, HEADER));
  }

  /** Reads the table bundled in the jar at {@link #DEFAULT_RESOURCE}. */
  public static PowerProfiles loadDefault() {
    return ReferenceCsv.loadResource(DEFAULT_RESOURCE, HEADER, PowerProfiles::fromRows);
  }

  private static PowerProfiles fromRows(String source, List<ReferenceCsv.Row> rows) {
    List<Entry> specific = new ArrayList<>();
    List<PowerProfile> all = new ArrayList<>();
    PowerProfile fallback = null;
    for (ReferenceCsv.Row row : rows) {
      PowerProfile profile = parse(row);
      if (profile.isDefault()) {
        if (fallback != null) {
          throw row.error("second default row " + PowerProfile.DEFAULT_PATTERN);
        }
        fallback = profile;
      } else {
        specific.add(
            new Entry(profile, Pattern.compile(profile.cpuPattern(), Pattern.CASE_INSENSITIVE)));
      }
      all.add(profile);
    }
    if (fallback == null) {
      throw new IllegalArgumentException(
          "Cannot load power profiles from "
              + source
              + ": no default row with cpu_pattern "
              + PowerProfile.DEFAULT_PATTERN);
    }
    return new PowerProfiles(List.copyOf(specific), fallback, List.copyOf(all));
  }

  private static PowerProfile parse(ReferenceCsv.Row row) {
    String pattern = row.text(0);
    double tdpW = row.number(1, "tdp_w");
    int threads = row.integer(2, "threads");
    double idleFraction = row.number(3, "idle_fraction");
    double dramWPerGb = row.number(4, "dram_w_per_gb");
    try {
      return new PowerProfile(pattern, tdpW, threads, idleFraction, dramWPerGb, row.text(5));
    } catch (IllegalArgumentException e) {
      throw row.error(e.getMessage());
    }
  }

  /** The profile for a CPU model name: the first matching row, else the default row. */
  public PowerProfile forCpu(String cpuModel) {
    Objects.requireNonNull(cpuModel, "cpuModel");
    for (Entry entry : specific) {
      if (entry.pattern().matcher(cpuModel).find()) {
        return entry.profile();
      }
    }
    return fallback;
  }

  /** The fallback profile, the row with pattern {@code *}. */
  public PowerProfile defaultProfile() {
    return fallback;
  }

  /** All rows in file order, the default row included. */
  public List<PowerProfile> profiles() {
    return all;
  }

  /**
   * The model name of this machine's CPU from {@code /proc/cpuinfo}, or the JVM's {@code os.arch}
   * where that is unreadable or has no model name (macOS, Windows, many ARM kernels). Never throws.
   */
  public static String detectCpuModel() {
    return detectCpuModel(PROC_CPUINFO);
  }

  /** As {@link #detectCpuModel()}, reading the given cpuinfo file. Never throws. */
  public static String detectCpuModel(Path cpuinfo) {
    return modelName(cpuinfo).orElseGet(PowerProfiles::osArch);
  }

  private static Optional<String> modelName(Path cpuinfo) {
    try (var lines = Files.lines(cpuinfo, StandardCharsets.UTF_8)) {
      return lines
          .filter(line -> line.startsWith("model name") && line.indexOf(':') > 0)
          .map(line -> line.substring(line.indexOf(':') + 1).strip())
          .filter(name -> !name.isEmpty())
          .findFirst();
    } catch (IOException | RuntimeException ignored) {
      // Detection is best effort: an unreadable file (or a malformed one, which Files.lines
      // reports as UncheckedIOException) only means we fall back to the architecture name.
      return Optional.empty();
    }
  }

  private static String osArch() {
    return System.getProperty("os.arch", "unknown");
  }
}
