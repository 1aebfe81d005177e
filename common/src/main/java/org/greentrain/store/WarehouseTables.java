package org.greentrain.store;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.greentrain.energy.table.Column;
import org.greentrain.energy.table.TableSchema;

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
   * embodied emissions and water columns, embodied_co2e_g to water_source; 5 the earlier attempts'
   * energy and CO2e of a resumed training.
   */
  public static final int RUNS_SCHEMA_VERSION = 5;

  /** One row per stage of a run (docs/energy-tables.md). */
  public static final TableSchema STAGE_ENERGY =
      TableSchema.byRun(
          "stage_energy",
          List.of(
              Column.required(
                  "stage",
                  StringType,
                  "",
                  "`augment`, `train`, `compress`, `evaluate`, `publish`; a `greentrain"
                      + " tune` run: `augment`, `warm-up`, `trial-<n>`"),
              Column.required(
                  "stage_order", IntegerType, "", "position of the stage in the pipeline, from 0"),
              Column.required("started_at", StringType, "ISO-8601", "when the stage started"),
              Column.required("wall_s", DoubleType, "s", "wall time of the stage on the driver"),
              Column.required(
                  "cpu_s",
                  DoubleType,
                  "s",
                  "executor CPU time of the stage's Spark tasks plus the driver thread's"
                      + " CPU time; a task's own thread only, not PyTorch's other intra-op"
                      + " threads (train.task-cpus or spark.task.cpus above 1), which energy_j"
                      + " includes"),
              Column.required(
                  "energy_j",
                  DoubleType,
                  "J",
                  "IT energy of the application's processes during the stage"),
              Column.required("energy_kwh", DoubleType, "kWh", "`energy_j / 3.6e6`"),
              Column.required(
                  "node_energy_j",
                  DoubleType,
                  "J",
                  "IT energy of the whole nodes during the stage"),
              Column.required(
                  "estimated", BooleanType, "", "true when modelled rather than measured"),
              Column.required(
                  "energy_method", StringType, "", "`rapl`, `cpu-time-model`, `…+nvidia-smi`"),
              Column.required(
                  "co2e_g", DoubleType, "g CO2e", "`energy_kwh × pue × intensity_g_per_kwh`"),
              Column.required("region", StringType, "", "grid region of `energy.region`"),
              Column.required(
                  "intensity_g_per_kwh",
                  DoubleType,
                  "g CO2e/kWh",
                  "grid intensity used (conf/carbon-intensity.csv)"),
              Column.required(
                  "intensity_source", StringType, "", "source and year of that intensity"),
              Column.required(
                  "pue",
                  DoubleType,
                  "",
                  "site power usage effectiveness used (1.0 = IT energy only)"),
              Column.optional(
                  "embodied_co2e_g",
                  DoubleType,
                  "g CO2e",
                  "manufacturing emissions of the node and GPU hours the application's rows held"
                      + " during the stage (their `embodied_co2e_g`, prorated to the stage as"
                      + " `energy_j` is); without the energy plugin, the node's whole hours for"
                      + " the stage's wall time. Null in rows written before it existed"),
              Column.optional(
                  "water_l",
                  DoubleType,
                  "L",
                  "`energy_kwh × (wue_l_per_kwh + pue × water_intensity_l_per_kwh)`"),
              Column.optional(
                  "embodied_source", StringType, "", "as in `task_energy`, of the latest row"),
              Column.optional(
                  "embodied_default", BooleanType, "", "as in `task_energy`, of the latest row"),
              Column.optional("wue_l_per_kwh", DoubleType, "L/kWh", "as in `task_energy`"),
              Column.optional(
                  "water_intensity_l_per_kwh", DoubleType, "L/kWh", "as in `task_energy`"),
              Column.optional("water_source", StringType, "", "as in `task_energy`"),
              Column.optional(
                  "records_in",
                  LongType,
                  "records",
                  "images read by the stage (null where it reads none)"),
              Column.optional(
                  "records_out",
                  LongType,
                  "records",
                  "records written (augment: originals plus copies)"),
              Column.optional(
                  "model_bytes",
                  LongType,
                  "bytes",
                  "size of the model file the stage wrote (train: fp32; compress,"
                      + " publish: int8)"),
              Column.optional(
                  "test_accuracy",
                  DoubleType,
                  "fraction",
                  "evaluate: top-1 accuracy of the fp32 model on the test split"),
              Column.required(
                  "notes",
                  StringType,
                  "",
                  "what a reader must know, e.g. why training stopped early (empty if"
                      + " nothing)"),
              Column.required("schema_version", IntegerType, "", "table schema version")));

  /** One row per run (docs/energy-tables.md). */
  public static final TableSchema RUNS =
      TableSchema.byRun(
          "runs",
          List.of(
              Column.required("started_at", StringType, "ISO-8601", "when the run started"),
              Column.required(
                  "status",
                  StringType,
                  "",
                  "`complete` when all five stages have a report, else `partial`"),
              Column.required("stages", IntegerType, "", "stages with a report"),
              Column.required("seed", LongType, "", "`run.seed`"),
              Column.required(
                  "config_hash",
                  StringType,
                  "",
                  "first 16 hex digits of SHA-256 of the effective config"),
              Column.required("config_json", StringType, "", "the effective config"),
              Column.required(
                  "code_version",
                  StringType,
                  "",
                  "jar implementation version (`dev` from classes)"),
              Column.optional(
                  "cpu_model",
                  StringType,
                  "",
                  "the driver's CPU: `model name` of /proc/cpuinfo, else the JVM's" + " `os.arch`"),
              Column.optional(
                  "cpu_flags",
                  StringType,
                  "",
                  "the SIMD flags of /proc/cpuinfo that select PyTorch's and oneDNN's CPU"
                      + " kernels — those of `avx`, `avx2`, `fma`, `f16c`, `avx512f`,"
                      + " `avx512bw`, `avx512vl`, `avx512dq`, `avx512_vnni`, `avx512_bf16`,"
                      + " `avx512_fp16`, `avx_vnni` and `amx_*` the CPU has, sorted,"
                      + " space-separated (empty: none; null: no /proc/cpuinfo)"),
              Column.optional(
                  "engine",
                  StringType,
                  "",
                  "`PyTorch <version> (native <build> <flavor>)`: `pytorch_version` of"
                      + " the pytorch-engine jar's `pytorch-engine.properties`, build and"
                      + " flavor of the pytorch-native jar's `native/lib/pytorch.properties`"),
              Column.optional(
                  "djl_version",
                  StringType,
                  "",
                  "`djl_version` of the DJL api jar's `ai/djl/engine/api.properties`"),
              Column.optional(
                  "java_version",
                  StringType,
                  "",
                  "`java.vendor` and `java.runtime.version` of the driver's JVM"),
              Column.optional(
                  "os", StringType, "", "`os.name` and `os.version` of the driver's JVM"),
              Column.required("wall_s", DoubleType, "s", "sums over the stages"),
              Column.required("cpu_s", DoubleType, "s", "sums over the stages"),
              Column.required("energy_j", DoubleType, "J", "sums over the stages"),
              Column.required("energy_kwh", DoubleType, "kWh", "sums over the stages"),
              Column.required("node_energy_j", DoubleType, "J", "sum over the stages"),
              Column.required(
                  "estimated", BooleanType, "", "true if any stage's energy is estimated"),
              Column.required("energy_method", StringType, "", "meter method of the last stage"),
              Column.required("co2e_g", DoubleType, "g CO2e", "sum over the stages"),
              Column.required("region", StringType, "", "as in `stage_energy`"),
              Column.required("pue", DoubleType, "", "as in `stage_energy`"),
              Column.optional(
                  "embodied_co2e_g",
                  DoubleType,
                  "g CO2e",
                  "sums over the stages (null when a stage's report predates them: a"
                      + " resumed run of an older version)"),
              Column.optional(
                  "water_l",
                  DoubleType,
                  "L",
                  "sums over the stages (null when a stage's report predates them: a"
                      + " resumed run of an older version)"),
              Column.optional("embodied_source", StringType, "", "of the last stage"),
              Column.optional(
                  "embodied_default",
                  BooleanType,
                  "",
                  "true if any stage's embodied figure is the default hardware's"),
              Column.optional("wue_l_per_kwh", DoubleType, "L/kWh", "of the last stage"),
              Column.optional(
                  "water_intensity_l_per_kwh", DoubleType, "L/kWh", "of the last stage"),
              Column.optional("water_source", StringType, "", "of the last stage"),
              Column.optional(
                  "fp32_accuracy", DoubleType, "fraction", "test accuracy of each model"),
              Column.optional(
                  "int8_accuracy", DoubleType, "fraction", "test accuracy of each model"),
              Column.optional("fp32_bytes", LongType, "bytes", "model file sizes (S1 and S2)"),
              Column.optional("int8_bytes", LongType, "bytes", "model file sizes (S1 and S2)"),
              Column.optional(
                  "compression_ratio", DoubleType, "", "S1/S2 = `fp32_bytes / int8_bytes`"),
              Column.optional(
                  "target_accuracy",
                  DoubleType,
                  "fraction",
                  "`train.target-accuracy` (null: no target)"),
              Column.optional(
                  "reached_target",
                  BooleanType,
                  "",
                  "whether a round's validation accuracy reached it (null: no target)"),
              Column.optional(
                  "energy_to_accuracy_j",
                  DoubleType,
                  "J",
                  "application energy of training from its start to the end of that"
                      + " round, earlier attempts included (null: not reached, or no energy"
                      + " plugin)"),
              Column.optional(
                  "time_to_accuracy_s",
                  DoubleType,
                  "s",
                  "wall time of the training rounds up to that one, earlier attempts"
                      + " included (null: not reached)"),
              Column.optional(
                  "earlier_attempts_energy_j",
                  DoubleType,
                  "J",
                  "application energy of a resumed training's earlier attempts, from its start to"
                      + " the checkpoint it resumed from, as the checkpoint recorded it; not in"
                      + " `energy_j`, whose train row holds the attempt that finished, so the run"
                      + " used at least `energy_j + earlier_attempts_energy_j` (an attempt's work"
                      + " after its last checkpoint is lost and not counted; its rounds'"
                      + " `training_rounds` rows sum to a little less, without the validation and"
                      + " checkpoints between rounds). 0: trained in one attempt; null: no train"
                      + " stage, or written before version 5"),
              Column.optional(
                  "earlier_attempts_co2e_g",
                  DoubleType,
                  "g CO2e",
                  "operational CO2e of `earlier_attempts_energy_j`, at the train stage's PUE and"
                      + " grid intensity"),
              Column.required("notes", StringType, "", "the stages' notes, `stage: note; …`"),
              Column.required(
                  "schema_version",
                  IntegerType,
                  "",
                  "table schema version (5; 4 before the earlier-attempts columns, 3 before the"
                      + " embodied and water columns, 2 before the target-accuracy columns)")));

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
    RunPartitionedTable.write(spark, warehouse, STAGE_ENERGY, stageRows);
    RunPartitionedTable.write(spark, warehouse, RUNS, List.of(runRow(run, stages, stageOrder)));
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
        t.earlierAttemptsJoules(),
        t.earlierAttemptsCo2eGrams(),
        t.notes(),
        RUNS_SCHEMA_VERSION,
        run.runDate(),
        run.runId());
  }
}
