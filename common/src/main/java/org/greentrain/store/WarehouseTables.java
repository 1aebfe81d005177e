package org.greentrain.store;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The analyst tables {@code runs} and {@code stage_energy}: Parquet, partitioned by {@code
 * run_date} and {@code run_id}. Writing a run replaces that run's partitions and nothing else
 * (Spark's dynamic partition overwrite stages the files and moves them in at commit); the run's
 * partitions under another date, left by an earlier run of the same id, then go from every table.
 */
public final class WarehouseTables {

  /**
   * Bumped whenever a column of stage_energy changes meaning or type; stored in every row. Columns
   * only added (the embodied and water columns) keep it: older rows read back with them null.
   */
  public static final int STAGE_ENERGY_SCHEMA_VERSION = 1;

  /**
   * Bumped whenever a column of runs is added or changes meaning or type; stored in every row.
   * Version 2 added the platform columns, cpu_model to os; 3 the target-accuracy columns; 4 the
   * embodied emissions and water columns, embodied_co2e_g to water_source.
   */
  public static final int RUNS_SCHEMA_VERSION = 4;

  public static final StructType STAGE_ENERGY =
      new StructType()
          .add("stage", DataTypes.StringType, false)
          .add("stage_order", DataTypes.IntegerType, false)
          .add("started_at", DataTypes.StringType, false)
          .add("wall_s", DataTypes.DoubleType, false)
          .add("cpu_s", DataTypes.DoubleType, false)
          .add("energy_j", DataTypes.DoubleType, false)
          .add("energy_kwh", DataTypes.DoubleType, false)
          .add("node_energy_j", DataTypes.DoubleType, false)
          .add("estimated", DataTypes.BooleanType, false)
          .add("energy_method", DataTypes.StringType, false)
          .add("co2e_g", DataTypes.DoubleType, false)
          .add("region", DataTypes.StringType, false)
          .add("intensity_g_per_kwh", DataTypes.DoubleType, false)
          .add("intensity_source", DataTypes.StringType, false)
          .add("pue", DataTypes.DoubleType, false)
          .add("embodied_co2e_g", DataTypes.DoubleType, true)
          .add("water_l", DataTypes.DoubleType, true)
          .add("embodied_source", DataTypes.StringType, true)
          .add("embodied_default", DataTypes.BooleanType, true)
          .add("wue_l_per_kwh", DataTypes.DoubleType, true)
          .add("water_intensity_l_per_kwh", DataTypes.DoubleType, true)
          .add("water_source", DataTypes.StringType, true)
          .add("records_in", DataTypes.LongType, true)
          .add("records_out", DataTypes.LongType, true)
          .add("model_bytes", DataTypes.LongType, true)
          .add("test_accuracy", DataTypes.DoubleType, true)
          .add("notes", DataTypes.StringType, false)
          .add("schema_version", DataTypes.IntegerType, false)
          .add("run_date", DataTypes.StringType, false)
          .add("run_id", DataTypes.StringType, false);

  public static final StructType RUNS =
      new StructType()
          .add("started_at", DataTypes.StringType, false)
          .add("status", DataTypes.StringType, false)
          .add("stages", DataTypes.IntegerType, false)
          .add("seed", DataTypes.LongType, false)
          .add("config_hash", DataTypes.StringType, false)
          .add("config_json", DataTypes.StringType, false)
          .add("code_version", DataTypes.StringType, false)
          .add("cpu_model", DataTypes.StringType, true)
          .add("cpu_flags", DataTypes.StringType, true)
          .add("engine", DataTypes.StringType, true)
          .add("djl_version", DataTypes.StringType, true)
          .add("java_version", DataTypes.StringType, true)
          .add("os", DataTypes.StringType, true)
          .add("wall_s", DataTypes.DoubleType, false)
          .add("cpu_s", DataTypes.DoubleType, false)
          .add("energy_j", DataTypes.DoubleType, false)
          .add("energy_kwh", DataTypes.DoubleType, false)
          .add("node_energy_j", DataTypes.DoubleType, false)
          .add("estimated", DataTypes.BooleanType, false)
          .add("energy_method", DataTypes.StringType, false)
          .add("co2e_g", DataTypes.DoubleType, false)
          .add("region", DataTypes.StringType, false)
          .add("pue", DataTypes.DoubleType, false)
          .add("embodied_co2e_g", DataTypes.DoubleType, true)
          .add("water_l", DataTypes.DoubleType, true)
          .add("embodied_source", DataTypes.StringType, true)
          .add("embodied_default", DataTypes.BooleanType, true)
          .add("wue_l_per_kwh", DataTypes.DoubleType, true)
          .add("water_intensity_l_per_kwh", DataTypes.DoubleType, true)
          .add("water_source", DataTypes.StringType, true)
          .add("fp32_accuracy", DataTypes.DoubleType, true)
          .add("int8_accuracy", DataTypes.DoubleType, true)
          .add("fp32_bytes", DataTypes.LongType, true)
          .add("int8_bytes", DataTypes.LongType, true)
          .add("compression_ratio", DataTypes.DoubleType, true)
          .add("target_accuracy", DataTypes.DoubleType, true)
          .add("reached_target", DataTypes.BooleanType, true)
          .add("energy_to_accuracy_j", DataTypes.DoubleType, true)
          .add("time_to_accuracy_s", DataTypes.DoubleType, true)
          .add("notes", DataTypes.StringType, false)
          .add("schema_version", DataTypes.IntegerType, false)
          .add("run_date", DataTypes.StringType, false)
          .add("run_id", DataTypes.StringType, false);

  private final SparkSession spark;
  private final Warehouse warehouse;

  public WarehouseTables(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
  }

  /** Rewrites the run's rows of both tables from its info and stage reports. */
  public void writeRun(RunInfo run, List<StageReport> stages, List<String> stageOrder) {
    List<Row> stageRows = new ArrayList<>();
    for (StageReport s : stages) {
      // Null in the report of a stage run before the impact was recorded: its columns stay null.
      StageImpact impact = s.impact();
      stageRows.add(
          RowFactory.create(
              s.stage(),
              stageOrder.indexOf(s.stage()),
              s.startedAt(),
              s.wallSeconds(),
              s.cpuSeconds(),
              s.energyJoules(),
              s.energyKwh(),
              s.nodeEnergyJoules(),
              s.estimated(),
              s.energyMethod(),
              s.co2eGrams(),
              s.region(),
              s.intensityGramsPerKwh(),
              s.intensitySource(),
              s.pue(),
              impact == null ? null : impact.embodiedCo2eGrams(),
              impact == null ? null : impact.waterLitres(),
              impact == null ? null : impact.embodiedSource(),
              impact == null ? null : impact.embodiedDefault(),
              impact == null ? null : impact.wueLitresPerKwh(),
              impact == null ? null : impact.waterIntensityLitresPerKwh(),
              impact == null ? null : impact.waterSource(),
              s.recordsIn(),
              s.recordsOut(),
              s.modelBytes(),
              s.testAccuracy(),
              s.notes(),
              STAGE_ENERGY_SCHEMA_VERSION,
              run.runDate(),
              run.runId()));
    }
    write("stage_energy", stageRows, STAGE_ENERGY);
    write("runs", List.of(runRow(run, stages, stageOrder)), RUNS);
    WarehouseFiles files = new WarehouseFiles(spark.sparkContext().hadoopConfiguration());
    RunPartitions.removeOtherDates(files, warehouse, run.runId(), run.runDate());
  }

  private static Row runRow(RunInfo run, List<StageReport> stages, List<String> stageOrder) {
    RunTotals t = RunTotals.of(stages);
    boolean complete = stages.size() == stageOrder.size();
    // A run.json from before the platform was recorded leaves its columns null: unknown.
    Platform platform =
        run.platform() != null ? run.platform() : new Platform(null, null, null, null, null, null);
    return RowFactory.create(
        run.startedAt(),
        complete ? "complete" : "partial",
        stages.size(),
        run.seed(),
        run.configHash(),
        run.configJson(),
        run.codeVersion(),
        platform.cpuModel(),
        platform.cpuFlags(),
        platform.engine(),
        platform.djlVersion(),
        platform.javaVersion(),
        platform.os(),
        t.wallSeconds(),
        t.cpuSeconds(),
        t.energyJoules(),
        t.energyJoules() / 3.6e6,
        t.nodeEnergyJoules(),
        t.estimated(),
        t.energyMethod(),
        t.co2eGrams(),
        t.region(),
        t.pue(),
        t.embodiedCo2eGrams(),
        t.waterLitres(),
        t.impact() == null ? null : t.impact().embodiedSource(),
        t.embodiedDefault(),
        t.impact() == null ? null : t.impact().wueLitresPerKwh(),
        t.impact() == null ? null : t.impact().waterIntensityLitresPerKwh(),
        t.impact() == null ? null : t.impact().waterSource(),
        t.fp32Accuracy(),
        t.int8Accuracy(),
        t.fp32Bytes(),
        t.int8Bytes(),
        t.compressionRatio(),
        t.targetAccuracy(),
        t.reachedTarget(),
        t.energyToAccuracyJoules(),
        t.timeToAccuracySeconds(),
        t.notes(),
        RUNS_SCHEMA_VERSION,
        run.runDate(),
        run.runId());
  }

  private void write(String table, List<Row> rows, StructType schema) {
    RunPartitionedTable.write(spark, warehouse, table, rows, schema);
  }
}
