package org.greentrain.energy;

import java.io.Reader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable table of {@link WaterIntensity}s by region, read from a CSV file with the columns
 * {@code region,l_per_kwh,year,source}. Regions are matched case-insensitively and must be unique;
 * a {@code world} row is required and stands in for regions without a row of their own. Safe to
 * share between threads.
 */
public final class WaterIntensityTable {

  /** Classpath location of the bundled table (from {@code conf/water-intensity.csv}). */
  public static final String DEFAULT_RESOURCE = "/greentrain/water-intensity.csv";

  static final String HEADER = "region,l_per_kwh,year,source";

  private final Map<String, WaterIntensity> byRegion;

  private WaterIntensityTable(Map<String, WaterIntensity> byRegion) {
    this.byRegion = byRegion;
  }

  /** Reads a table from a file, typically a user's override of the bundled one. */
  public static WaterIntensityTable load(Path csv) {
    return ReferenceCsv.load(csv, HEADER, WaterIntensityTable::fromRows);
  }

  /** Reads a table from {@code reader}, naming {@code sourceName} in errors; does not close it. */
  public static WaterIntensityTable load(Reader reader, String sourceName) {
    return fromRows(sourceName, ReferenceCsv.read(reader, sourceName, HEADER));
  }

  /** Reads the table bundled in the jar at {@link #DEFAULT_RESOURCE}. */
  public static WaterIntensityTable loadDefault() {
    return ReferenceCsv.loadResource(DEFAULT_RESOURCE, HEADER, WaterIntensityTable::fromRows);
  }

  private static WaterIntensityTable fromRows(String source, List<ReferenceCsv.Row> rows) {
    Map<String, WaterIntensity> byRegion = new LinkedHashMap<>();
    for (ReferenceCsv.Row row : rows) {
      WaterIntensity w = parse(row);
      if (byRegion.putIfAbsent(key(w.region()), w) != null) {
        throw row.error("duplicate region " + w.region());
      }
    }
    if (!byRegion.containsKey(CarbonIntensityTable.WORLD)) {
      throw new IllegalArgumentException(
          "Cannot load water intensities from "
              + source
              + ": no "
              + CarbonIntensityTable.WORLD
              + " row");
    }
    return new WaterIntensityTable(byRegion);
  }

  private static WaterIntensity parse(ReferenceCsv.Row row) {
    String region = row.text(0);
    double litres = row.number(1, "l_per_kwh");
    int year = row.integer(2, "year");
    try {
      return new WaterIntensity(region, litres, year, row.text(3));
    } catch (IllegalArgumentException e) {
      throw row.error(e.getMessage());
    }
  }

  private static String key(String region) {
    return region.toLowerCase(Locale.ROOT);
  }

  /**
   * The region's row, ignoring case; for a region without one, the world row with a source that
   * says it stands in ({@code "no row for fr; world: ..."}).
   */
  public WaterIntensity forRegion(String region) {
    Objects.requireNonNull(region, "region");
    WaterIntensity own = byRegion.get(key(region));
    if (own != null) {
      return own;
    }
    WaterIntensity world = byRegion.get(CarbonIntensityTable.WORLD);
    return new WaterIntensity(
        world.region(),
        world.litresPerKwh(),
        world.year(),
        "no row for " + region + "; " + world.region() + ": " + world.source());
  }
}
