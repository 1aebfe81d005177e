package org.greentrain.energy;

import java.io.Reader;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable table of grid carbon intensities by region, read from a CSV file with the columns
 * {@code region,g_co2e_per_kwh,year,source}. Region names are matched case-insensitively and must
 * be unique; a {@code world} row is required as the default. Instances are safe to share between
 * threads.
 */
public final class CarbonIntensityTable {

  /** Classpath location of the bundled table (from {@code conf/carbon-intensity.csv}). */
  public static final String DEFAULT_RESOURCE = "/greentrain/carbon-intensity.csv";

  /** The region that must exist and stands for the world average. */
  public static final String WORLD = "world";

  static final String HEADER = "region,g_co2e_per_kwh,year,source";

  private static final int SUGGESTIONS = 3;

  private final Map<String, CarbonIntensity> byRegion;

  private CarbonIntensityTable(Map<String, CarbonIntensity> byRegion) {
    this.byRegion = byRegion;
  }

  /** Reads a table from a file, typically a user's override of the bundled one. */
  public static CarbonIntensityTable load(Path csv) {
    return ReferenceCsv.load(csv, HEADER, CarbonIntensityTable::fromRows);
  }

  /**
   * Reads a table from {@code reader}, naming {@code sourceName} in errors. Does not close the
   * reader.
   */
  public static CarbonIntensityTable load(Reader reader, String sourceName) {
    return fromRows(sourceName, ReferenceCsv.read(reader, sourceName, HEADER));
  }

  /** Reads the table bundled in the jar at {@link #DEFAULT_RESOURCE}. */
  public static CarbonIntensityTable loadDefault() {
    return ReferenceCsv.loadResource(DEFAULT_RESOURCE, HEADER, CarbonIntensityTable::fromRows);
  }

  private static CarbonIntensityTable fromRows(String source, List<ReferenceCsv.Row> rows) {
    Map<String, CarbonIntensity> byRegion = new LinkedHashMap<>();
    for (ReferenceCsv.Row row : rows) {
      CarbonIntensity ci = parse(row);
      if (byRegion.putIfAbsent(key(ci.region()), ci) != null) {
        throw row.error("duplicate region " + ci.region());
      }
    }
    if (!byRegion.containsKey(WORLD)) {
      throw new IllegalArgumentException(
          "Cannot load carbon intensities from " + source + ": no " + WORLD + " row");
    }
    return new CarbonIntensityTable(byRegion);
  }

  private static CarbonIntensity parse(ReferenceCsv.Row row) {
    String region = row.text(0);
    double grams = row.number(1, "g_co2e_per_kwh");
    int year = row.integer(2, "year");
    try {
      return new CarbonIntensity(region, grams, year, row.text(3));
    } catch (IllegalArgumentException e) {
      throw row.error(e.getMessage());
    }
  }

  private static String key(String region) {
    return region.toLowerCase(Locale.ROOT);
  }

  /**
   * The intensity of {@code region}, ignoring case.
   *
   * @throws IllegalArgumentException if the table has no such region; the message lists the three
   *     closest known regions by edit distance
   */
  public CarbonIntensity forRegion(String region) {
    Objects.requireNonNull(region, "region");
    CarbonIntensity ci = byRegion.get(key(region));
    if (ci == null) {
      throw new IllegalArgumentException(
          "Unknown carbon region: "
              + region
              + "; closest known: "
              + String.join(", ", closest(key(region))));
    }
    return ci;
  }

  /** The world average row. */
  public CarbonIntensity world() {
    return byRegion.get(WORLD);
  }

  /** All region names, in file order. */
  public List<String> regions() {
    return byRegion.values().stream().map(CarbonIntensity::region).toList();
  }

  private List<String> closest(String wanted) {
    // Ties go alphabetically so that the suggestion does not depend on the order of the file.
    return byRegion.keySet().stream()
        .sorted(
            Comparator.<String>comparingInt(known -> editDistance(wanted, known))
                .thenComparing(Comparator.naturalOrder()))
        .limit(SUGGESTIONS)
        .map(known -> byRegion.get(known).region())
        .toList();
  }

  /** Levenshtein distance: single-character insertions, deletions and substitutions. */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
