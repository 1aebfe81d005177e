package org.greentrain.store;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code training_rounds} table: one row per round of a run's training, partitioned by {@code
 * run_date} and {@code run_id}; writing a run replaces its rows.
 */
public final class TrainingRoundsTable {

  /**
   * Bumped whenever a column is added or changes meaning or type; stored in every row. Version 2
   * added {@code estimated} and {@code energy_method}; rows kept from an earlier attempt of a
   * resumed training keep the version they were written with.
   */
  public static final int SCHEMA_VERSION = 2;

  public static final StructType SCHEMA =
      new StructType()
          .add("round", DataTypes.IntegerType, false)
          .add("rounds_planned", DataTypes.IntegerType, false)
          .add("train_loss", DataTypes.DoubleType, false)
          .add("validation_accuracy", DataTypes.DoubleType, true)
          .add("learning_rate", DataTypes.DoubleType, false)
          .add("samples", DataTypes.LongType, false)
          .add("wall_s", DataTypes.DoubleType, false)
          .add("started_at", DataTypes.StringType, false)
          .add("energy_j", DataTypes.DoubleType, true)
          .add("energy_kwh", DataTypes.DoubleType, true)
          .add("co2e_g", DataTypes.DoubleType, true)
          .add("estimated", DataTypes.BooleanType, true)
          .add("energy_method", DataTypes.StringType, true)
          .add("schema_version", DataTypes.IntegerType, false)
          .add("run_date", DataTypes.StringType, false)
          .add("run_id", DataTypes.StringType, false);

  private List<Row> earlierRows(RunInfo run, int before) {
    Path table = warehouse.table("training_rounds");
    if (!new WarehouseFiles(spark.sparkContext().hadoopConfiguration()).exists(table)) {
      return List.of();
    }
    // Collected before the write, which replaces the partition these rows come from.
    return spark
        .read()
        .schema(SCHEMA)
        .parquet(table.toString())
        .where(col("run_id").equalTo(run.runId()).and(col("round").lt(before)))
        .select(Arrays.stream(SCHEMA.fieldNames()).map(functions::col).toArray(Column[]::new))
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
      rows.add(
          RowFactory.create(
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
              r.energyMethod(),
              SCHEMA_VERSION,
              run.runDate(),
              run.runId()));
    }
    RunPartitionedTable.write(spark, warehouse, "training_rounds", rows, SCHEMA);
  }
}
