package org.greentrain.energy.spark;

import java.util.Map;
import org.apache.spark.SparkConf;

/**
 * The plugin's settings, read from the Spark conf. Every key may be given as {@code
 * spark.greentrain.energy.*} (what {@code spark-submit --conf} passes on: it drops keys that do not
 * start with {@code spark.}) or as {@code greentrain.energy.*} (set in code).
 *
 * @param output directory (any Hadoop FileSystem URI) for the task_energy and stage_energy tables;
 *     empty: collect only, write nothing
 * @param writeStageTable false when the application writes its own stage table
 * @param runId id the rows are filed under; empty: the application id
 * @param runDate yyyy-MM-dd the rows are filed under; empty: today in UTC
 */
public record EnergyConf(
    String output,
    long sampleIntervalMs,
    String powercapRoot,
    String procStat,
    String region,
    double pue,
    String cpuModel,
    String powerProfilesFile,
    String carbonIntensityFile,
    boolean writeStageTable,
    String runId,
    String runDate) {

  public static final String PREFIX = "greentrain.energy.";

  public EnergyConf {
    if (sampleIntervalMs < 100 || sampleIntervalMs > 60_000) {
      throw new IllegalArgumentException(
          "Invalid " + PREFIX + "sample-interval-ms: " + sampleIntervalMs + " (100 to 60000)");
    }
  }

  public static EnergyConf from(SparkConf conf) {
    return from(
        key ->
            conf.contains("spark." + key)
                ? conf.get("spark." + key)
                : conf.contains(key) ? conf.get(key) : null);
  }

  public static EnergyConf from(Map<String, String> conf) {
    return from(key -> conf.containsKey("spark." + key) ? conf.get("spark." + key) : conf.get(key));
  }

  private static EnergyConf from(java.util.function.Function<String, String> lookup) {
    java.util.function.BiFunction<String, String, String> get =
        (name, dflt) -> {
          String v = lookup.apply(PREFIX + name);
          return v == null ? dflt : v.trim();
        };
    return new EnergyConf(
        get.apply("output", ""),
        parseLong(get.apply("sample-interval-ms", "1000"), "sample-interval-ms"),
        get.apply("powercap-root", "/sys/class/powercap"),
        get.apply("proc-stat", "/proc/stat"),
        get.apply("region", "world"),
        parseDouble(get.apply("pue", "1.0"), "pue"),
        get.apply("cpu-model", ""),
        get.apply("power-profiles-file", ""),
        get.apply("carbon-intensity-file", ""),
        Boolean.parseBoolean(get.apply("stage-table", "true")),
        get.apply("run-id", ""),
        get.apply("run-date", ""));
  }

  private static long parseLong(String v, String key) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid " + PREFIX + key + ": " + v, e);
    }
  }

  private static double parseDouble(String v, String key) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid " + PREFIX + key + ": " + v, e);
    }
  }
}
