package org.greentrain.tune;

import static org.apache.spark.sql.functions.col;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.greentrain.config.ConfigKeys;
import org.greentrain.config.ConfigLoader;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.config.TuneConfig;
import org.greentrain.energy.table.TableSchema;
import org.greentrain.store.Warehouse;
import org.greentrain.store.WarehouseFiles;
import org.greentrain.store.WarehouseTables;
import org.greentrain.train.TrainStage;
import org.greentrain.tune.EnergyOptimizer.Observation;

/**
 * The history {@code train.optimize = energy} learns from, read from the warehouse's tables: every
 * earlier run with a train stage (its {@code runs} row and {@code stage_energy} train row) of the
 * same {@code train.model}, {@code data.source} and {@code train.target-accuracy}, its knobs from
 * its recorded config.
 *
 * <p>Not the trials of {@code greentrain tune}: they train after a warm-up round, while a run's
 * training is the first of its application and pays for loading the engine (a first round of 16.5 s
 * against 6.9 s for three rounds of the same settings in a tuning run on data-samples,
 * docs/tuning.md). Mixed in, their lower costs would set limits that stop runs early.
 */
final class OptimizeHistory {

  private OptimizeHistory() {}

  static List<Observation> read(
      SparkSession spark,
      WarehouseFiles files,
      Warehouse warehouse,
      GreenTrainConfig now,
      String runId) {
    Map<String, Row> runs = new HashMap<>();
    for (Row r : rows(spark, files, warehouse, WarehouseTables.RUNS)) {
      runs.put(r.getAs("run_id"), r);
    }
    List<Observation> out = new ArrayList<>();
    List<Row> trains =
        rows(spark, files, warehouse, WarehouseTables.STAGE_ENERGY).stream()
            .filter(r -> TrainStage.STAGE.equals(r.getAs("stage")))
            .toList();
    for (Row train : trains) {
      String id = train.getAs("run_id");
      Row run = runs.get(id);
      if (id.equals(runId) || run == null || !sameProblem(run, now)) {
        continue;
      }
      Map<String, Double> knobs = knobs(run.getAs("config_json"));
      if (knobs == null) {
        continue;
      }
      Boolean reached = run.getAs("reached_target");
      Double eta = run.getAs("energy_to_accuracy_j");
      boolean measured = Boolean.TRUE.equals(reached) && eta != null;
      out.add(
          new Observation(
              "run " + id,
              knobs,
              Boolean.TRUE.equals(reached),
              measured ? eta : train.<Double>getAs("energy_j"),
              measured ? run.<Double>getAs("time_to_accuracy_s") : train.<Double>getAs("wall_s")));
    }
    return out;
  }

  private static List<Row> rows(
      SparkSession spark, WarehouseFiles files, Warehouse warehouse, TableSchema table) {
    if (!files.exists(warehouse.table(table.name()))) {
      return List.of();
    }
    StructType schema = table.sparkSchema();
    // The tables' own schema: partition values stay strings, as the tables define them.
    return spark
        .read()
        .schema(schema)
        .parquet(warehouse.table(table.name()).toString())
        .select(Arrays.stream(schema.fieldNames()).map(f -> col(f)).toArray(Column[]::new))
        .collectAsList();
  }

  /**
   * Same model, data and target: the run's cost says something about this run's. A config recorded
   * by an older GreenTrain without one of the keys is not.
   */
  private static boolean sameProblem(Row run, GreenTrainConfig now) {
    try {
      Config c = ConfigFactory.parseString(run.getAs("config_json"));
      return Math.abs(c.getDouble(ConfigKeys.TRAIN_TARGET_ACCURACY) - now.train().targetAccuracy())
              < 1e-12
          && c.getString(ConfigKeys.TRAIN_MODEL).equals(now.train().model())
          && c.getString(ConfigKeys.DATA_SOURCE).equals(now.data().source());
    } catch (ConfigException e) {
      return false;
    }
  }

  /**
   * The knobs of a recorded config; null if one is missing. A knob added after the run was recorded
   * has its default: the run trained as that default does. Shards are those training ran, as {@link
   * EnergyOptimizer#knobs} counts them.
   */
  static Map<String, Double> knobs(String configJson) {
    Config c = ConfigFactory.parseString(configJson).withFallback(ConfigLoader.defaults());
    Map<String, Double> out = new TreeMap<>();
    for (String knob : TuneConfig.KNOBS) {
      if (!c.hasPath(knob)) {
        return null;
      }
      out.put(knob, c.getDouble(knob));
    }
    if (out.get(ConfigKeys.TRAIN_SHARDS) == 0 && c.hasPath(ConfigKeys.AUGMENT_SHARDS)) {
      out.put(ConfigKeys.TRAIN_SHARDS, c.getDouble(ConfigKeys.AUGMENT_SHARDS));
    }
    return out;
  }
}
