package org.greentrain.energy;

import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An immutable table of {@link EmbodiedEmission}s (of nodes, or of GPUs), read from a CSV file with
 * the columns {@code hardware_pattern,kg_co2e,lifetime_years,year,source}. {@link #forHardware}
 * picks the first row, in file order, whose pattern is found in the hardware description; the row
 * with pattern {@code *} is the default and must exist. Safe to share between threads.
 */
public final class EmbodiedEmissionsTable {

  /** Classpath location of the bundled table (from {@code conf/embodied-emissions.csv}). */
  public static final String DEFAULT_RESOURCE = "/greentrain/embodied-emissions.csv";

  /**
   * Classpath location of the bundled per-GPU table (from {@code conf/gpu-embodied-emissions.csv}):
   * the same columns, one row per GPU, matched against the GPU's name.
   */
  public static final String GPU_RESOURCE = "/greentrain/gpu-embodied-emissions.csv";

  static final String HEADER = "hardware_pattern,kg_co2e,lifetime_years,year,source";

  private record Entry(EmbodiedEmission row, Pattern pattern) {}

  private final List<Entry> specific;
  private final EmbodiedEmission fallback;

  private EmbodiedEmissionsTable(List<Entry> specific, EmbodiedEmission fallback) {
    this.specific = specific;
    this.fallback = fallback;
  }

  /** Reads a table from a file, typically a user's override of the bundled one. */
  public static EmbodiedEmissionsTable load(Path csv) {
    return ReferenceCsv.load(csv, HEADER, EmbodiedEmissionsTable::fromRows);
  }

  /** Reads a table from {@code reader}, naming {@code sourceName} in errors; does not close it. */
  public static EmbodiedEmissionsTable load(Reader reader, String sourceName) {
    return fromRows(sourceName, ReferenceCsv.read(reader, sourceName, HEADER));
  }

  /** Reads the table bundled in the jar at {@link #DEFAULT_RESOURCE}. */
  public static EmbodiedEmissionsTable loadDefault() {
    return ReferenceCsv.loadResource(DEFAULT_RESOURCE, HEADER, EmbodiedEmissionsTable::fromRows);
  }

  /** Reads the per-GPU table bundled in the jar at {@link #GPU_RESOURCE}. */
  public static EmbodiedEmissionsTable loadDefaultGpus() {
    return ReferenceCsv.loadResource(GPU_RESOURCE, HEADER, EmbodiedEmissionsTable::fromRows);
  }

  private static EmbodiedEmissionsTable fromRows(String source, List<ReferenceCsv.Row> rows) {
    List<Entry> specific = new ArrayList<>();
    EmbodiedEmission fallback = null;
    for (ReferenceCsv.Row row : rows) {
      EmbodiedEmission e = parse(row);
      if (e.isDefault()) {
        if (fallback != null) {
          throw row.error("second default row " + EmbodiedEmission.DEFAULT_PATTERN);
        }
        fallback = e;
      } else {
        specific.add(new Entry(e, Pattern.compile(e.hardwarePattern(), Pattern.CASE_INSENSITIVE)));
      }
    }
    if (fallback == null) {
      throw new IllegalArgumentException(
          "Cannot load embodied emissions from "
              + source
              + ": no default row with hardware_pattern "
              + EmbodiedEmission.DEFAULT_PATTERN);
    }
    return new EmbodiedEmissionsTable(List.copyOf(specific), fallback);
  }

  private static EmbodiedEmission parse(ReferenceCsv.Row row) {
    String pattern = row.text(0);
    double kg = row.number(1, "kg_co2e");
    double years = row.number(2, "lifetime_years");
    int year = row.integer(3, "year");
    try {
      return new EmbodiedEmission(pattern, kg, years, year, row.text(4));
    } catch (IllegalArgumentException e) {
      throw row.error(e.getMessage());
    }
  }

  /** The row for a hardware description: the first that matches, else the default row. */
  public EmbodiedEmission forHardware(String hardware) {
    Objects.requireNonNull(hardware, "hardware");
    for (Entry entry : specific) {
      if (entry.pattern().matcher(hardware).find()) {
        return entry.row();
      }
    }
    return fallback;
  }

  /** The default row, pattern {@code *}. */
  public EmbodiedEmission defaultRow() {
    return fallback;
  }
}
