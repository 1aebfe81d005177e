package org.greentrain.store;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code tuning_trials} table: one row per trial of a {@code greentrain tune} run, partitioned
 * by {@code run_date} and {@code run_id}; writing a run replaces its rows.
 */
public final class TuningTrialsTable {

  public static final String NAME = "tuning_trials";

  /** Bumped whenever a column is added or changes meaning or type; stored in every row. */
  public static final int SCHEMA_VERSION = 1;

  public static final StructType SCHEMA =
      new StructType()
          .add("trial", DataTypes.IntegerType, false)
          .add("settings", DataTypes.StringType, false)
          .add("target_accuracy", DataTypes.DoubleType, false)
          .add("reached", DataTypes.BooleanType, false)
          .add("accuracy", DataTypes.DoubleType, false)
          .add("energy_to_accuracy_j", DataTypes.DoubleType, true)
          .add("time_to_accuracy_s", DataTypes.DoubleType, true)
          .add("energy_j", DataTypes.DoubleType, false)
          .add("wall_s", DataTypes.DoubleType, false)
          .add("co2e_g", DataTypes.DoubleType, false)
          .add("rounds", DataTypes.IntegerType, false)
          .add("stopped_early", DataTypes.BooleanType, false)
          .add("pareto", DataTypes.BooleanType, false)
          .add("recommended", DataTypes.BooleanType, false)
          .add("notes", DataTypes.StringType, false)
          .add("schema_version", DataTypes.IntegerType, false)
          .add("run_date", DataTypes.StringType, false)
          .add("run_id", DataTypes.StringType, false);

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
    RunPartitionedTable.write(spark, warehouse, NAME, rows, SCHEMA);
  }
}
