package org.greentrain.jobs;

import static org.greentrain.energy.spark.EnergyConf.sparkKey;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.greentrain.config.EnergyConfig;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.energy.spark.EnergyConf;
import org.greentrain.energy.spark.EnergyPlugin;
import org.greentrain.error.UserError;

/**
 * Builds the SparkSession of a job from spark-submit's settings and our config, with the energy
 * plugin added so every stage's energy is measured (or modelled) per task.
 */
public final class Sessions {

  private Sessions() {}

  public static SparkSession create(GreenTrainConfig config, String appName) {
    return create(conf(config, appName));
  }

  /** The session of {@code conf}, made by {@link #conf}. */
  public static SparkSession create(SparkConf conf) {
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /**
   * The settings {@link #create(GreenTrainConfig, String)} starts a session with, for checks that
   * need the application's settings before it starts.
   */
  public static SparkConf conf(GreenTrainConfig config, String appName) {
    // new SparkConf() reads the spark.* system properties spark-submit sets; ours fill gaps.
    SparkConf conf = new SparkConf();
    if (!conf.contains("spark.master")) {
      conf.setMaster(config.spark().master());
    }
    conf.setIfMissing("spark.app.name", appName);
    config.spark().settings().forEach(conf::set);
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.ui.enabled", "false");
      conf.setIfMissing("spark.sql.shuffle.partitions", "8");
    }
    addEnergyPlugin(conf, config.energy(), config.run().warehouse());
    return conf;
  }

  /**
   * A small local session for commands that only read the tables (schedule, report): no energy
   * plugin, so reading is not itself filed as a run's energy.
   */
  public static SparkSession tableReader(String appName) {
    return SparkSession.builder()
        .master("local[1]")
        .appName(appName)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        // Partition values (run_date, run_id) stay strings, as the tables define them.
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        .getOrCreate();
  }

  /**
   * A session for registering tables in a catalog: spark-submit's settings and {@code spark.conf}
   * apply (so {@code spark.sql.catalogImplementation=hive} and a metastore can be given), but no
   * energy plugin, since registering is not a run.
   */
  public static SparkSession catalog(GreenTrainConfig config, String appName) {
    SparkConf conf = new SparkConf();
    if (!conf.contains("spark.master")) {
      conf.setMaster("local[1]");
    }
    conf.setIfMissing("spark.app.name", appName);
    config.spark().settings().forEach(conf::set);
    conf.setIfMissing("spark.ui.enabled", "false");
    if ("hive".equals(conf.get("spark.sql.catalogImplementation", "in-memory"))
        && !onClasspath("org.apache.spark.sql.hive.HiveSessionStateBuilder")) {
      throw new UserError(
          "Cannot use the Hive catalog (spark.sql.catalogImplementation=hive): Spark's Hive"
              + " support (spark-hive) is not on the classpath; run under a Spark distribution"
              + " built with Hive");
    }
    return SparkSession.builder().config(conf).getOrCreate();
  }

  private static boolean onClasspath(String className) {
    try {
      Class.forName(className, false, Sessions.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Adds the plugin to whatever plugins the user listed, and its settings from ours. */
  static void addEnergyPlugin(SparkConf conf, EnergyConfig e, String warehouse) {
    List<String> plugins = new ArrayList<>();
    for (String p : Arrays.asList(conf.get("spark.plugins", "").split(","))) {
      if (!p.isBlank()) {
        plugins.add(p.trim());
      }
    }
    if (!plugins.contains(EnergyPlugin.class.getName())) {
      plugins.add(EnergyPlugin.class.getName());
    }
    conf.set("spark.plugins", String.join(",", plugins));
    conf.setIfMissing(sparkKey(EnergyConf.OUTPUT), warehouse.replaceAll("/+$", "") + "/tables");
    // The pipeline writes a richer stage_energy table of its own from the plugin's rows.
    conf.set(sparkKey(EnergyConf.STAGE_TABLE), "false");
    conf.set(sparkKey(EnergyConf.REGION), e.region());
    conf.set(sparkKey(EnergyConf.PUE), Double.toString(e.pue()));
    conf.set(sparkKey(EnergyConf.CPU_MODEL), e.cpuModel());
    conf.set(sparkKey(EnergyConf.POWER_PROFILES_FILE), e.powerProfilesFile());
    conf.set(sparkKey(EnergyConf.CARBON_INTENSITY_FILE), e.carbonIntensityFile());
    conf.set(sparkKey(EnergyConf.SAMPLE_INTERVAL_MS), Long.toString(e.sampleIntervalMs()));
    conf.set(sparkKey(EnergyConf.POWERCAP_ROOT), e.powercapRoot());
    conf.set(sparkKey(EnergyConf.WUE), Double.toString(e.wue()));
    conf.set(sparkKey(EnergyConf.SERVER_MODEL), e.serverModel());
    conf.set(sparkKey(EnergyConf.EMBODIED_EMISSIONS_FILE), e.embodiedEmissionsFile());
    conf.set(sparkKey(EnergyConf.WATER_INTENSITY_FILE), e.waterIntensityFile());
  }
}
