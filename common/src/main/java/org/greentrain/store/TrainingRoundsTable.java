package org.greentrain.store;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.greentrain.energy.table.Column;
import org.greentrain.energy.table.TableSchema;

/**
 * The {@code training_rounds} table: one row per round of a run's training, partitioned by {@code
 * run_date} and {@code run_id}; writing a run replaces its rows.
 */
public final class TrainingRoundsTable {

  /**
   * Bumped whenever a column is added or changes meaning or type; stored in every row. Version 2
   * added {@code estimated} and {@code energy_method}, 3 the embodied and water columns, {@code
   * embodied_co2e_g} to {@code water_source}; rows kept from an earlier attempt of a resumed
   * training keep the version they were written with.
   */
  public static final int SCHEMA_VERSION = 3;

  /** One row per round of local SGD (docs/energy-tables.md). */
  public static final TableSchema SCHEMA =
      TableSchema.byRun(
          "training_rounds",
          TableSchema.concat(
              List.of(
                  Column.required("round", IntegerType, "", "0-based round"),
                  Column.required(
                      "rounds_planned",
                      IntegerType,
                      "",
                      "rounds the schedule planned (`train.epochs` or `train.rounds`)"),
                  Column.required(
                      "train_loss",
                      DoubleType,
                      "",
                      "mean training loss per sample over all shards' local steps"),
                  Column.optional(
                      "validation_accuracy",
                      DoubleType,
                      "fraction",
                      "accuracy of the round's averaged weights on the validation split (null"
                          + " when `train.validation-fraction` is 0)"),
                  Column.required(
                      "learning_rate",
                      DoubleType,
                      "",
                      "learning rate of the round (cosine schedule)"),
                  Column.required(
                      "samples",
                      LongType,
                      "samples",
                      "samples all shards stepped over in the round"),
                  Column.required(
                      "wall_s",
                      DoubleType,
                      "s",
                      "driver wall time: broadcast, local steps, averaging"),
                  Column.required("started_at", StringType, "ISO-8601", "when the round started"),
                  Column.optional(
                      "energy_j",
                      DoubleType,
                      "J",
                      "application IT energy of the round (null without the energy plugin)"),
                  Column.optional(
                      "energy_kwh",
                      DoubleType,
                      "kWh",
                      "application IT energy of the round (null without the energy plugin)"),
                  Column.optional("co2e_g", DoubleType, "g CO2e", "of that energy"),
                  Column.optional(
                      "estimated",
                      BooleanType,
                      "",
                      "true when the energy plugin modelled the round's energy (as"
                          + " `stage_energy.estimated`; null with `energy_j`)"),
                  Column.optional(
                      "energy_method",
                      StringType,
                      "",
                      "the energy plugin's meter method, `rapl`, `cpu-time-model`,"
                          + " `…+nvidia-smi` (null with `energy_j`)")),
              StageImpact.columns(
                  "manufacturing emissions of the node and GPU hours the application's rows held during the"
                      + " round (their `embodied_co2e_g`, prorated to the round as `energy_j` is), as"
                      + " in `stage_energy`; null with `energy_j`, and in rows written before version 3",
                  "`energy_kwh × (wue_l_per_kwh + pue × water_intensity_l_per_kwh)`, `pue` as in"
                      + " `stage_energy`; null with `energy_j`, and in rows written before version 3"),
              List.of(
                  Column.required(
                      "schema_version",
                      IntegerType,
                      "",
                      "table schema version (3; 2 before the embodied and water columns, 1 before"
                          + " `estimated` and `energy_method`)"))));

  private List<Row> earlierRows(RunInfo run, int before) {
    Path table = warehouse.table(SCHEMA.name());
    if (!new WarehouseFiles(spark.sparkContext().hadoopConfiguration()).exists(table)) {
      return List.of();
    }
    // Collected before the write, which replaces the partition these rows come from.
    return spark
        .read()
        .schema(SCHEMA.sparkSchema())
        .parquet(table.toString())
        .where(col("run_id").equalTo(run.runId()).and(col("round").lt(before)))
        .select(
            SCHEMA.columns().stream()
                .map(c -> col(c.name()))
                .toArray(org.apache.spark.sql.Column[]::new))
        .collectAsList();
  }

  private final SparkSession spark;
  private final Warehouse warehouse;

  public TrainingRoundsTable(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
  }

  /**
   * Replaces the run's rows with {@code rounds}, keeping the rows it already has for rounds before
   * {@code firstNewRound} (a resumed training adds to what ran before).
   */
  public void write(RunInfo run, List<TrainingRound> rounds, int firstNewRound) {
    List<Row> rows = new ArrayList<>();
    if (firstNewRound > 0) {
      rows.addAll(earlierRows(run, firstNewRound));
    }
    for (TrainingRound r : rounds) {
      List<Object> values = new ArrayList<>();
      values.addAll(
          Arrays.asList(
              r.round(),
              r.roundsPlanned(),
              r.trainLoss(),
              r.validationAccuracy(),
              r.learningRate(),
              r.samples(),
              r.wallSeconds(),
              r.startedAt(),
              r.energyJoules(),
              r.energyJoules() == null ? null : r.energyJoules() / 3.6e6,
              r.co2eGrams(),
              r.estimated(),
              r.energyMethod()));
      values.addAll(Arrays.asList(StageImpact.values(r.impact())));
      values.addAll(Arrays.asList(SCHEMA_VERSION, run.runDate(), run.runId()));
      rows.add(RowFactory.create(values.toArray()));
    }
    RunPartitionedTable.write(spark, warehouse, SCHEMA, rows);
  }
}
