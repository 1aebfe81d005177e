package org.greentrain.energy.table;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.List;

/**
 * The energy plugin's tables: {@code task_energy}, and the {@code stage_energy} it writes when used
 * on its own (GreenTrain's pipeline writes a richer one instead). Their meanings are those of
 * docs/energy-tables.md, which a test holds equal.
 */
public final class EnergyTables {

  private EnergyTables() {}

  private static final Column APP_ID =
      Column.required("app_id", StringType, "", "Spark application id");
  private static final Column CO2E_G =
      Column.required("co2e_g", DoubleType, "g CO2e", "`energy_kwh × pue × intensity_g_per_kwh`");
  private static final Column ENERGY_METHOD =
      Column.required("energy_method", StringType, "", "`rapl`, `cpu-time-model`, `…+nvidia-smi`");
  private static final Column REGION =
      Column.required("region", StringType, "", "grid region of `energy.region`");
  private static final Column INTENSITY =
      Column.required(
          "intensity_g_per_kwh",
          DoubleType,
          "g CO2e/kWh",
          "grid intensity used (conf/carbon-intensity.csv)");
  private static final Column INTENSITY_SOURCE =
      Column.required("intensity_source", StringType, "", "source and year of that intensity");
  private static final Column PUE =
      Column.required(
          "pue", DoubleType, "", "site power usage effectiveness used (1.0 = IT energy only)");
  private static final Column SCHEMA_VERSION =
      Column.required("schema_version", IntegerType, "", "table schema version");

  private static final String WATER =
      "`energy_kwh × (wue_l_per_kwh + pue × water_intensity_l_per_kwh)`";

  /** The water factors of a task row, the same in every table that carries water. */
  private static final Column WUE =
      Column.optional(
          "wue_l_per_kwh",
          DoubleType,
          "L/kWh",
          "the site's on-site water per kWh of IT energy (`energy.wue`)");

  private static final Column WATER_INTENSITY =
      Column.optional(
          "water_intensity_l_per_kwh",
          DoubleType,
          "L/kWh",
          "water consumed per kWh generated in the region (conf/water-intensity.csv; `world` where"
              + " the region has no row)");

  private static final Column WATER_SOURCE =
      Column.optional(
          "water_source",
          StringType,
          "",
          "source and year of that intensity; `no row for <region>; world: …` when the world row"
              + " stood in");

  /** One row per share of a sampling window: a task, an executor's overhead, the rest. */
  public static final TableSchema TASK_ENERGY =
      TableSchema.byRun(
          "task_energy",
          List.of(
              APP_ID,
              Column.required(
                  "executor_id",
                  StringType,
                  "",
                  "the JVM the share belongs to: executor id, `driver` (local mode, and the"
                      + " driver's own rows); for `node_other`, the JVM whose meter reading the"
                      + " stretch's energy is"),
              Column.required(
                  "host",
                  StringType,
                  "",
                  "canonical host name (the host is identified by `/etc/machine-id`, boot id or"
                      + " this name)"),
              windowColumn("window_start_ms"),
              windowColumn("window_end_ms"),
              Column.required(
                  "kind", StringType, "", "`task`, `executor_overhead`, `node_other` or `driver`"),
              sparkIdColumn("job_id"),
              sparkIdColumn("stage_id"),
              sparkIdColumn("stage_attempt"),
              Column.required(
                  "task_id", LongType, "", "Spark task attempt id (-1 for non-task rows)"),
              taskColumn("partition_id"),
              taskColumn("attempt"),
              Column.required(
                  "status",
                  StringType,
                  "",
                  "`running` (window ended before the task), `success`, `failed` or `killed`"),
              Column.required(
                  "cpu_s",
                  DoubleType,
                  "s",
                  "CPU time the share is based on (task: its thread's CPU)"),
              Column.required("energy_j", DoubleType, "J", "IT energy of the share"),
              Column.required("energy_kwh", DoubleType, "kWh", "IT energy of the share"),
              CO2E_G,
              Column.required(
                  "estimated",
                  BooleanType,
                  "",
                  "true when the stretch's energy was modelled (CPU-time model) or integrated from"
                      + " power (a GPU without a readable counter in that window)"),
              ENERGY_METHOD,
              REGION,
              INTENSITY,
              INTENSITY_SOURCE,
              PUE,
              SCHEMA_VERSION,
              Column.required(
                  "complete",
                  BooleanType,
                  "",
                  "true when written by the final write at the application's stop; false in"
                      + " `_inflight/` files spooled while it ran (new column, still schema version"
                      + " 1: columns were only added)"),
              Column.optional(
                  "embodied_co2e_g",
                  DoubleType,
                  "g CO2e",
                  "`node_hours × embodied_g_per_hour + gpu_embodied_co2e_g` (the GPU part since"
                      + " schema version 2)"),
              Column.optional(
                  "embodied_source", StringType, "", "source and year of the embodied row"),
              Column.optional(
                  "embodied_default",
                  BooleanType,
                  "",
                  "true when the hardware matched no row and got the table's default"),
              Column.optional("water_l", DoubleType, "L", WATER),
              WUE,
              WATER_INTENSITY,
              WATER_SOURCE,
              Column.required(
                  "node_hours",
                  DoubleType,
                  "h",
                  "the share of the node's time the row holds: the stretch's length split by the"
                      + " same CPU-time shares as its energy, so a stretch's rows add up to its"
                      + " length and a host's rows to its wall time"),
              Column.required(
                  "hardware",
                  StringType,
                  "",
                  "the node's description the embodied row was matched against: `<DMI vendor>"
                      + " <DMI product> / <CPU model>` (`energy.server-model`, `energy.cpu-model`"
                      + " override)"),
              Column.required(
                  "embodied_g_per_hour",
                  DoubleType,
                  "g CO2e/h",
                  "`kg_co2e × 1000 / (lifetime_years × 8760)` of the matched row"),
              Column.optional(
                  "gpu_hours",
                  DoubleType,
                  "h",
                  "GPU hours of a task row: the part of its stretch the task ran in × the GPUs Spark"
                      + " gave it (resource `gpu`); 0 for other rows, tasks without a GPU and nodes"
                      + " without `nvidia-smi`; null before version 2"),
              Column.optional(
                  "gpu_model",
                  StringType,
                  "",
                  "the GPUs' names as `nvidia-smi --query-gpu=name` reports them (distinct ones"
                      + " joined by `; `), empty for none; the GPU embodied row is matched against"
                      + " it"),
              Column.optional(
                  "gpu_embodied_co2e_g",
                  DoubleType,
                  "g CO2e",
                  "`gpu_hours × gpu_embodied_g_per_hour`, part of `embodied_co2e_g`"),
              Column.optional(
                  "gpu_embodied_g_per_hour",
                  DoubleType,
                  "g CO2e/h",
                  "`kg_co2e × 1000 / (lifetime_years × 8760)` per GPU of the matched row of"
                      + " conf/gpu-embodied-emissions.csv (the mean where the GPUs differ); null"
                      + " without GPUs"),
              Column.optional(
                  "gpu_embodied_source",
                  StringType,
                  "",
                  "source and year of that row; null without GPUs"),
              Column.optional(
                  "gpu_embodied_default",
                  BooleanType,
                  "",
                  "true when a GPU matched no row and got the table's default; null without"
                      + " GPUs")),
          Column.required(
              "stage",
              StringType,
              "",
              "partition column: the pipeline stage (`greentrain.stage` local property),"
                  + " `unlabelled` for Spark jobs outside a stage"));

  /**
   * The plugin's {@code stage_energy}, one row per stage label of an application, written only when
   * the plugin is used on its own ({@code spark.greentrain.energy.stage-table}).
   */
  public static final TableSchema PLUGIN_STAGE_ENERGY =
      TableSchema.byRun(
          "stage_energy",
          List.of(
              Column.required(
                  "stage",
                  StringType,
                  "",
                  "the stage label (`greentrain.stage` local property), `unlabelled` for Spark"
                      + " jobs outside a stage, `(node other)` for what no label caused: idle"
                      + " power and other processes"),
              APP_ID,
              Column.required("task_j", DoubleType, "J", "IT energy of the label's task rows"),
              Column.required(
                  "overhead_j",
                  DoubleType,
                  "J",
                  "the label's share of the executor overhead and driver rows, by its tasks' CPU"
                      + " time in each window (`(node other)`: the `node_other` rows)"),
              Column.required("energy_j", DoubleType, "J", "`task_j + overhead_j`"),
              Column.required("energy_kwh", DoubleType, "kWh", "`energy_j / 3.6e6`"),
              CO2E_G,
              Column.required("cpu_s", DoubleType, "s", "CPU time of the label's task rows"),
              Column.required("tasks", LongType, "tasks", "task attempts of the label"),
              Column.required(
                  "failed_tasks", LongType, "tasks", "those of them that failed or were killed"),
              Column.required(
                  "wasted_j", DoubleType, "J", "IT energy of the failed and killed attempts"),
              Column.required(
                  "wall_s",
                  DoubleType,
                  "s",
                  "from the start of the label's first window to the end of its last"),
              Column.required(
                  "estimated",
                  BooleanType,
                  "",
                  "true when any row of the application was modelled rather than measured"),
              Column.required(
                  "energy_method",
                  StringType,
                  "",
                  "`rapl`, `cpu-time-model`, `…+nvidia-smi`, of the application's last row"),
              REGION,
              INTENSITY,
              INTENSITY_SOURCE,
              PUE,
              SCHEMA_VERSION,
              Column.required(
                  "complete", BooleanType, "", "true: written at the application's stop"),
              Column.required(
                  "missing_windows",
                  IntegerType,
                  "windows",
                  "sampling windows of the application's JVMs that never arrived or arrived too"
                      + " late (0 when all did)"),
              Column.required(
                  "notes",
                  StringType,
                  "",
                  "which JVMs' windows are missing and where their CPU went (empty if nothing)"),
              Column.optional(
                  "embodied_co2e_g",
                  DoubleType,
                  "g CO2e",
                  "the label's rows' `embodied_co2e_g`, shared out as `energy_j` is"),
              Column.optional(
                  "embodied_source",
                  StringType,
                  "",
                  "as in `task_energy`, of the application's last row"),
              Column.optional(
                  "embodied_default",
                  BooleanType,
                  "",
                  "as in `task_energy`, of the application's last row"),
              Column.optional(
                  "water_l",
                  DoubleType,
                  "L",
                  "the label's rows' `water_l`, shared out as `energy_j` is"),
              lastRow(WUE),
              lastRow(WATER_INTENSITY),
              lastRow(WATER_SOURCE)));

  private static Column windowColumn(String name) {
    return Column.required(
        name,
        LongType,
        "epoch ms",
        "the stretch of the host's time the share is of (usually one JVM's sampling window), host"
            + " clock");
  }

  private static Column sparkIdColumn(String name) {
    return Column.required(
        name, IntegerType, "", "Spark job and stage of a task row (-1 otherwise)");
  }

  private static Column taskColumn(String name) {
    return Column.required(name, IntegerType, "", "partition and attempt number of the task");
  }

  /** A task row's column as the plugin's stage_energy carries it: the application's last row's. */
  private static Column lastRow(Column c) {
    return new Column(
        c.name(),
        c.type(),
        c.nullable(),
        c.unit(),
        "as in `task_energy`, of the application's last row");
  }
}
