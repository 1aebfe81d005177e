package org.greentrain.tune;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.greentrain.config.ConfigKeys;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.config.TuneConfig;
import org.greentrain.store.TuningTrialsTable;
import org.greentrain.store.Warehouse;
import org.greentrain.store.WarehouseFiles;
import org.greentrain.store.WarehouseTables;
import org.greentrain.train.TrainStage;
import org.greentrain.tune.EnergyOptimizer.Observation;

/**
 * The history {@code train.optimize = energy} learns from, read from the warehouse's tables: every
 * earlier run with a train stage (its {@code runs} row and {@code stage_energy} train row) and
 * every {@code tuning_trials} row, of the same {@code train.model}, {@code data.source} and {@code
 * train.target-accuracy}. A run's knobs come from its recorded config; a trial's from its tuning
 * run's config with the trial's settings over it.
 */
final class OptimizeHistory {

  private static final ObjectMapper JSON = new ObjectMapper();

  private OptimizeHistory() {}

  static List<Observation> read(
      SparkSession spark,
      WarehouseFiles files,
      Warehouse warehouse,
      GreenTrainConfig now,
      String runId) {
    Map<String, Row> runs = new HashMap<>();
    for (Row r : rows(spark, files, warehouse, "runs", WarehouseTables.RUNS)) {
      runs.put(r.getAs("run_id"), r);
    }
    List<Observation> out = new ArrayList<>();
    List<Row> trains =
        rows(spark, files, warehouse, "stage_energy", WarehouseTables.STAGE_ENERGY).stream()
            .filter(r -> TrainStage.STAGE.equals(r.getAs("stage")))
            .toList();
    for (Row train : trains) {
      String id = train.getAs("run_id");
      Row run = runs.get(id);
      if (id.equals(runId) || run == null || !sameProblem(run, now)) {
        continue;
      }
      Map<String, Double> knobs = knobs(run.getAs("config_json"), Map.of());
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
    for (Row t : rows(spark, files, warehouse, TuningTrialsTable.NAME, TuningTrialsTable.SCHEMA)) {
      String id = t.getAs("run_id");
      Row run = runs.get(id);
      if (id.equals(runId) || run == null || !sameProblem(run, now)) {
        continue;
      }
      Map<String, Double> knobs = knobs(run.getAs("config_json"), settings(t.getAs("settings")));
      if (knobs == null) {
        continue;
      }
      boolean reached = t.getAs("reached");
      Double eta = t.getAs("energy_to_accuracy_j");
      boolean measured = reached && eta != null;
      out.add(
          new Observation(
              "tuning " + id + " trial " + t.getAs("trial"),
              knobs,
              reached,
              measured ? eta : t.<Double>getAs("energy_j"),
              measured ? t.<Double>getAs("time_to_accuracy_s") : t.<Double>getAs("wall_s")));
    }
    return out;
  }

  private static List<Row> rows(
      SparkSession spark,
      WarehouseFiles files,
      Warehouse warehouse,
      String table,
      StructType schema) {
    if (!files.exists(warehouse.table(table))) {
      return List.of();
    }
    // The tables' own schema: partition values stay strings, as the tables define them.
    return spark
        .read()
        .schema(schema)
        .parquet(warehouse.table(table).toString())
        .select(
            java.util.Arrays.stream(schema.fieldNames())
                .map(f -> col(f))
                .toArray(org.apache.spark.sql.Column[]::new))
        .collectAsList();
  }

  /**
   * Same model, data and target: a run's or its trials' costs say something about this run. A
   * config recorded by an older GreenTrain without one of the keys is not.
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

  /** The knobs of a recorded config, with {@code settings} over them; null if one is missing. */
  static Map<String, Double> knobs(String configJson, Map<String, Double> settings) {
    Config c = ConfigFactory.parseString(configJson);
    Map<String, Double> out = new TreeMap<>();
    for (String knob : TuneConfig.KNOBS) {
      if (settings.containsKey(knob)) {
        out.put(knob, settings.get(knob));
      } else if (c.hasPath(knob)) {
        out.put(knob, c.getDouble(knob));
      } else {
        return null;
      }
    }
    return out;
  }

  /** A trial's settings JSON: its keys contain dots, so it is read as JSON, not HOCON paths. */
  private static Map<String, Double> settings(String json) {
    try {
      Map<String, Double> out = new TreeMap<>();
      JSON.readTree(json)
          .fields()
          .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asDouble()));
      return out;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot read tuning trial settings " + json, e);
    }
  }
}
