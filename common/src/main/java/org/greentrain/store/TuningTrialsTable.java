package org.greentrain.store;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.greentrain.energy.table.Column;
import org.greentrain.energy.table.TableSchema;

/**
 * The {@code tuning_trials} table: one row per trial of a {@code greentrain tune} run, partitioned
 * by {@code run_date} and {@code run_id}; writing a run replaces its rows.
 */
public final class TuningTrialsTable {

  public static final String NAME = "tuning_trials";

  /** Bumped whenever a column is added or changes meaning or type; stored in every row. */
  public static final int SCHEMA_VERSION = 1;

  /** One row per trial (docs/energy-tables.md). */
  public static final TableSchema SCHEMA =
      TableSchema.byRun(
          NAME,
          List.of(
              Column.required(
                  "trial",
                  IntegerType,
                  "",
                  "1-based, the order the trials ran in (`tune.candidates` order)"),
              Column.required(
                  "settings",
                  StringType,
                  "JSON",
                  "the keys the trial changed and their values, sorted, the scaled"
                      + " learning rate included (`{}`: as configured)"),
              Column.required("target_accuracy", DoubleType, "fraction", "`train.target-accuracy`"),
              Column.required(
                  "reached",
                  BooleanType,
                  "",
                  "whether a round's validation accuracy reached the target"),
              Column.required(
                  "accuracy",
                  DoubleType,
                  "fraction",
                  "best validation accuracy of the trial's rounds (the reaching round's"
                      + " when reached)"),
              Column.optional(
                  "energy_to_accuracy_j",
                  DoubleType,
                  "J",
                  "application energy of training from its start to the end of the"
                      + " reaching round (null: not reached, or not measured)"),
              Column.optional(
                  "time_to_accuracy_s",
                  DoubleType,
                  "s",
                  "wall time of the rounds to the reaching round (null: not reached)"),
              Column.required(
                  "energy_j",
                  DoubleType,
                  "J",
                  "the whole trial's energy, as its `stage_energy` row"),
              Column.required("wall_s", DoubleType, "s", "the whole trial's wall time"),
              Column.required("co2e_g", DoubleType, "g CO2e", "of `energy_j`"),
              Column.required("rounds", IntegerType, "", "rounds the trial ran"),
              Column.required(
                  "stopped_early",
                  BooleanType,
                  "",
                  "stopped by its energy limit (`tune.beta` x the least energy to"
                      + " accuracy before it, or a lower `train.energy-budget-kwh`)"),
              Column.required(
                  "pareto",
                  BooleanType,
                  "",
                  "no other trial of the run has an accuracy at least as high for at most"
                      + " as much energy (`energy_j`), one of them strictly"),
              Column.required(
                  "recommended",
                  BooleanType,
                  "",
                  "the trial whose settings were written to `recommended.conf` (at most"
                      + " one per run)"),
              Column.required(
                  "notes",
                  StringType,
                  "",
                  "the trial's train-stage notes: why it stopped, how far short of the"
                      + " target"),
              Column.required("schema_version", IntegerType, "", "table schema version (1)")));

  private final SparkSession spark;
  private final Warehouse warehouse;

  public TuningTrialsTable(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
  }

  /** Replaces the run's rows with {@code trials}. */
  public void write(RunInfo run, List<TuningTrial> trials) {
    List<Row> rows = new ArrayList<>();
    for (TuningTrial t : trials) {
      rows.add(
          RowFactory.create(
              t.trial(),
              t.settings(),
              t.targetAccuracy(),
              t.reached(),
              t.accuracy(),
              t.energyToAccuracyJoules(),
              t.timeToAccuracySeconds(),
              t.energyJoules(),
              t.seconds(),
              t.co2eGrams(),
              t.rounds(),
              t.stoppedEarly(),
              t.pareto(),
              t.recommended(),
              t.notes(),
              SCHEMA_VERSION,
              run.runDate(),
              run.runId()));
    }
    RunPartitionedTable.write(spark, warehouse, SCHEMA, rows);
  }
}
