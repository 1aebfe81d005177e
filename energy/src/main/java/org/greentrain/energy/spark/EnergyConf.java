package org.greentrain.energy.spark;

import java.util.Map;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.greentrain.energy.Carbon;
import org.greentrain.energy.PathSegments;
import org.greentrain.energy.ProcStat;
import org.greentrain.energy.RaplMeter;

/**
 * The plugin's settings, read from the Spark conf. Every key may be given as {@code
 * spark.greentrain.energy.*} (what {@code spark-submit --conf} passes on: it drops keys that do not
 * start with {@code spark.}) or as {@code greentrain.energy.*} (set in code).
 *
 * <p>Each key and each default is written once, here, as in Iceberg's {@code TableProperties}:
 * parsing, the error messages and whoever sets the plugin's conf (GreenTrain's own sessions) use
 * these constants. The range checks live in the constructor, so no invalid settings exist.
 *
 * @param output directory (any Hadoop FileSystem URI) for the task_energy and stage_energy tables;
 *     empty: collect only, write nothing
 * @param sampleIntervalMs how often executors read the node's counters, in ms
 * @param powercapRoot the Linux powercap sysfs directory RAPL is read from
 * @param procStat the file the node's CPU time is read from
 * @param region grid region of the carbon intensity
 * @param pue power usage effectiveness the IT energy is multiplied by for CO2e (1.0: IT only)
 * @param cpuModel CPU model whose power profile applies; empty: detected
 * @param powerProfilesFile power profiles CSV; empty: the bundled table
 * @param carbonIntensityFile carbon intensity CSV; empty: the bundled table
 * @param writeStageTable false when the application writes its own stage table
 * @param runId id the rows are filed under; empty: the application id
 * @param runDate yyyy-MM-dd the rows are filed under; empty: today in UTC
 * @param wue on-site water usage effectiveness of the site, litres per kWh of IT energy
 * @param serverModel server make and model whose embodied emissions apply; empty: detected (DMI)
 * @param embodiedEmissionsFile embodied emissions CSV; empty: the bundled table
 * @param waterIntensityFile water intensity CSV; empty: the bundled table
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
    String runDate,
    double wue,
    String serverModel,
    String embodiedEmissionsFile,
    String waterIntensityFile) {

  /** The prefix of every key, as set in code. */
  public static final String PREFIX = "greentrain.energy.";

  /** What spark-submit needs in front of a key to pass it on; see {@link #sparkKey}. */
  public static final String SPARK_PREFIX = "spark.";

  public static final String OUTPUT = PREFIX + "output";
  public static final String OUTPUT_DEFAULT = "";

  public static final String SAMPLE_INTERVAL_MS = PREFIX + "sample-interval-ms";
  public static final long SAMPLE_INTERVAL_MS_DEFAULT = 1000;
  // Faster sampling costs more than the energy it resolves; slower risks RAPL wrap-around.
  public static final long SAMPLE_INTERVAL_MS_MIN = 100;
  public static final long SAMPLE_INTERVAL_MS_MAX = 60_000;

  public static final String POWERCAP_ROOT = PREFIX + "powercap-root";
  public static final String POWERCAP_ROOT_DEFAULT = RaplMeter.DEFAULT_ROOT.toString();

  public static final String PROC_STAT = PREFIX + "proc-stat";
  public static final String PROC_STAT_DEFAULT = ProcStat.DEFAULT_PATH.toString();

  public static final String REGION = PREFIX + "region";
  public static final String REGION_DEFAULT = "world";

  public static final String PUE = PREFIX + "pue";
  public static final double PUE_DEFAULT = Carbon.IT_ONLY_PUE;
  // Below 1.0 a facility would use less than its IT equipment; above 3.0 is a typo, not a site.
  public static final double PUE_MIN = Carbon.IT_ONLY_PUE;
  public static final double PUE_MAX = 3.0;

  public static final String CPU_MODEL = PREFIX + "cpu-model";
  public static final String CPU_MODEL_DEFAULT = "";

  public static final String POWER_PROFILES_FILE = PREFIX + "power-profiles-file";
  public static final String POWER_PROFILES_FILE_DEFAULT = "";

  public static final String CARBON_INTENSITY_FILE = PREFIX + "carbon-intensity-file";
  public static final String CARBON_INTENSITY_FILE_DEFAULT = "";

  public static final String STAGE_TABLE = PREFIX + "stage-table";
  public static final boolean STAGE_TABLE_DEFAULT = true;

  public static final String RUN_ID = PREFIX + "run-id";
  public static final String RUN_ID_DEFAULT = "";

  public static final String RUN_DATE = PREFIX + "run-date";
  public static final String RUN_DATE_DEFAULT = "";

  public static final String WUE = PREFIX + "wue";
  // US data centres' average on-site water, 1.8 L/kWh in 2014 (Shehabi et al. 2016, LBNL;
  // docs/energy-model.md, "Water"). 0 means a site that evaporates no water.
  public static final double WUE_DEFAULT = 1.8;
  public static final double WUE_MIN = 0;
  // Above 10 L/kWh is a typo, not a site: the survey's sites stay far below.
  public static final double WUE_MAX = 10;

  public static final String SERVER_MODEL = PREFIX + "server-model";
  public static final String SERVER_MODEL_DEFAULT = "";

  public static final String EMBODIED_EMISSIONS_FILE = PREFIX + "embodied-emissions-file";
  public static final String EMBODIED_EMISSIONS_FILE_DEFAULT = "";

  public static final String WATER_INTENSITY_FILE = PREFIX + "water-intensity-file";
  public static final String WATER_INTENSITY_FILE_DEFAULT = "";

  public EnergyConf {
    checkRange(
        SAMPLE_INTERVAL_MS, sampleIntervalMs, SAMPLE_INTERVAL_MS_MIN, SAMPLE_INTERVAL_MS_MAX);
    checkRange(PUE, pue, PUE_MIN, PUE_MAX);
    checkRange(WUE, wue, WUE_MIN, WUE_MAX);
    // The run id becomes a partition directory of every table the plugin writes.
    if (!runId.isEmpty()) {
      PathSegments.check(RUN_ID, runId);
    }
  }

  /** The form of {@code key} that spark-submit passes on, {@code spark.greentrain.energy.*}. */
  public static String sparkKey(String key) {
    return SPARK_PREFIX + key;
  }

  public static EnergyConf from(SparkConf conf) {
    return from(
        key ->
            conf.contains(sparkKey(key))
                ? conf.get(sparkKey(key))
                : conf.contains(key) ? conf.get(key) : null);
  }

  public static EnergyConf from(Map<String, String> conf) {
    return from(key -> conf.containsKey(sparkKey(key)) ? conf.get(sparkKey(key)) : conf.get(key));
  }

  private static EnergyConf from(Function<String, String> lookup) {
    Function<String, String> get =
        key -> {
          String v = lookup.apply(key);
          return v == null ? null : v.trim();
        };
    return new EnergyConf(
        orDefault(get.apply(OUTPUT), OUTPUT_DEFAULT),
        parseLong(get.apply(SAMPLE_INTERVAL_MS), SAMPLE_INTERVAL_MS, SAMPLE_INTERVAL_MS_DEFAULT),
        orDefault(get.apply(POWERCAP_ROOT), POWERCAP_ROOT_DEFAULT),
        orDefault(get.apply(PROC_STAT), PROC_STAT_DEFAULT),
        orDefault(get.apply(REGION), REGION_DEFAULT),
        parseDouble(get.apply(PUE), PUE, PUE_DEFAULT),
        orDefault(get.apply(CPU_MODEL), CPU_MODEL_DEFAULT),
        orDefault(get.apply(POWER_PROFILES_FILE), POWER_PROFILES_FILE_DEFAULT),
        orDefault(get.apply(CARBON_INTENSITY_FILE), CARBON_INTENSITY_FILE_DEFAULT),
        // As Spark reads its own booleans: anything but "true" is false.
        get.apply(STAGE_TABLE) == null
            ? STAGE_TABLE_DEFAULT
            : Boolean.parseBoolean(get.apply(STAGE_TABLE)),
        orDefault(get.apply(RUN_ID), RUN_ID_DEFAULT),
        orDefault(get.apply(RUN_DATE), RUN_DATE_DEFAULT),
        parseDouble(get.apply(WUE), WUE, WUE_DEFAULT),
        orDefault(get.apply(SERVER_MODEL), SERVER_MODEL_DEFAULT),
        orDefault(get.apply(EMBODIED_EMISSIONS_FILE), EMBODIED_EMISSIONS_FILE_DEFAULT),
        orDefault(get.apply(WATER_INTENSITY_FILE), WATER_INTENSITY_FILE_DEFAULT));
  }

  private static String orDefault(String v, String dflt) {
    return v == null ? dflt : v;
  }

  private static long parseLong(String v, String key, long dflt) {
    if (v == null) {
      return dflt;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid " + key + ": " + v + " (not a whole number)", e);
    }
  }

  private static double parseDouble(String v, String key, double dflt) {
    if (v == null) {
      return dflt;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid " + key + ": " + v + " (not a number)", e);
    }
  }

  private static void checkRange(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "Invalid " + key + ": " + value + " (between " + min + " and " + max + ")");
    }
  }

  private static void checkRange(String key, double value, double min, double max) {
    // Written so that NaN fails too.
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          "Invalid " + key + ": " + value + " (between " + min + " and " + max + ")");
    }
  }
}
