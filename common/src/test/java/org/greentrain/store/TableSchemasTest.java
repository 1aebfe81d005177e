package org.greentrain.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.greentrain.data.spark.RejectsTable;
import org.junit.jupiter.api.Test;

/**
 * The columns every writer writes, as each spelled them out before the columns had one source
 * ({@code TableSchema}): names, types, nullability and order, partition columns last. A change here
 * is a change for every reader of the warehouse, and its table's schema version says so.
 */
class TableSchemasTest {

  private static final StructType STAGE_ENERGY_BEFORE =
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

  private static final StructType RUNS_BEFORE =
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
          .add("earlier_attempts_energy_j", DataTypes.DoubleType, true)
          .add("earlier_attempts_co2e_g", DataTypes.DoubleType, true)
          .add("notes", DataTypes.StringType, false)
          .add("schema_version", DataTypes.IntegerType, false)
          .add("run_date", DataTypes.StringType, false)
          .add("run_id", DataTypes.StringType, false);

  private static final StructType TRAINING_ROUNDS_BEFORE =
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
          .add("embodied_co2e_g", DataTypes.DoubleType, true)
          .add("water_l", DataTypes.DoubleType, true)
          .add("embodied_source", DataTypes.StringType, true)
          .add("embodied_default", DataTypes.BooleanType, true)
          .add("wue_l_per_kwh", DataTypes.DoubleType, true)
          .add("water_intensity_l_per_kwh", DataTypes.DoubleType, true)
          .add("water_source", DataTypes.StringType, true)
          .add("schema_version", DataTypes.IntegerType, false)
          .add("run_date", DataTypes.StringType, false)
          .add("run_id", DataTypes.StringType, false);

  private static final StructType EVALUATIONS_BEFORE =
      new StructType()
          .add("variant", DataTypes.StringType, false)
          .add("accuracy", DataTypes.DoubleType, false)
          .add("accuracy_drop_points", DataTypes.DoubleType, false)
          .add("class_accuracy", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
          .add(
              "confusion_matrix",
              DataTypes.createArrayType(
                  DataTypes.createArrayType(DataTypes.LongType, false), false),
              false)
          .add("test_images", DataTypes.LongType, false)
          .add("parameters", DataTypes.LongType, false)
          .add("nonzero_parameters", DataTypes.LongType, false)
          .add("flops_per_image", DataTypes.LongType, false)
          .add("effective_flops_per_image", DataTypes.LongType, false)
          .add("file_bytes", DataTypes.LongType, false)
          .add("compression_ratio", DataTypes.DoubleType, false)
          .add("batch_size", DataTypes.IntegerType, false)
          .add("batch_latency_p50_ms", DataTypes.DoubleType, false)
          .add("batch_latency_p99_ms", DataTypes.DoubleType, false)
          .add("inference_j_per_1k_images", DataTypes.DoubleType, false)
          .add("energy_method", DataTypes.StringType, false)
          .add("energy_estimated", DataTypes.BooleanType, false)
          .add("embodied_co2e_g", DataTypes.DoubleType, true)
          .add("water_l", DataTypes.DoubleType, true)
          .add("embodied_source", DataTypes.StringType, true)
          .add("embodied_default", DataTypes.BooleanType, true)
          .add("wue_l_per_kwh", DataTypes.DoubleType, true)
          .add("water_intensity_l_per_kwh", DataTypes.DoubleType, true)
          .add("water_source", DataTypes.StringType, true)
          .add("schema_version", DataTypes.IntegerType, false)
          .add("run_date", DataTypes.StringType, false)
          .add("run_id", DataTypes.StringType, false);

  private static final StructType MODELS_BEFORE =
      new StructType()
          .add("variant", DataTypes.StringType, false)
          .add("path", DataTypes.StringType, false)
          .add("bytes", DataTypes.LongType, false)
          .add("sha256", DataTypes.StringType, false)
          .add("s1_bytes", DataTypes.LongType, false)
          .add("s2_bytes", DataTypes.LongType, false)
          .add("ratio", DataTypes.DoubleType, false)
          .add("schema_version", DataTypes.IntegerType, false)
          .add("run_date", DataTypes.StringType, false)
          .add("run_id", DataTypes.StringType, false);

  private static final StructType TUNING_TRIALS_BEFORE =
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

  private static final StructType REJECTS_BEFORE =
      new StructType()
          .add("file", DataTypes.StringType, false)
          .add("record", DataTypes.LongType, false)
          .add("reason", DataTypes.StringType, false)
          .add("source", DataTypes.StringType, false)
          .add("schema_version", DataTypes.IntegerType, false)
          .add("run_date", DataTypes.StringType, false)
          .add("run_id", DataTypes.StringType, false)
          .add("split", DataTypes.StringType, false);

  @Test
  void everyWriterWritesTheColumnsItWroteBefore() {
    assertThat(WarehouseTables.STAGE_ENERGY.sparkSchema()).isEqualTo(STAGE_ENERGY_BEFORE);
    assertThat(WarehouseTables.RUNS.sparkSchema()).isEqualTo(RUNS_BEFORE);
    assertThat(TrainingRoundsTable.SCHEMA.sparkSchema()).isEqualTo(TRAINING_ROUNDS_BEFORE);
    assertThat(EvaluationTables.EVALUATIONS.sparkSchema()).isEqualTo(EVALUATIONS_BEFORE);
    assertThat(EvaluationTables.MODELS.sparkSchema()).isEqualTo(MODELS_BEFORE);
    assertThat(TuningTrialsTable.SCHEMA.sparkSchema()).isEqualTo(TUNING_TRIALS_BEFORE);
    assertThat(RejectsTable.SCHEMA.sparkSchema()).isEqualTo(REJECTS_BEFORE);
  }

  @Test
  void everyTableIsPartitionedByRunAndWhereItWasWritten() {
    assertThat(WarehouseTables.STAGE_ENERGY.partitionBy()).containsExactly("run_date", "run_id");
    assertThat(WarehouseTables.RUNS.partitionBy()).containsExactly("run_date", "run_id");
    assertThat(TrainingRoundsTable.SCHEMA.partitionBy()).containsExactly("run_date", "run_id");
    assertThat(EvaluationTables.EVALUATIONS.partitionBy()).containsExactly("run_date", "run_id");
    assertThat(EvaluationTables.MODELS.partitionBy()).containsExactly("run_date", "run_id");
    assertThat(TuningTrialsTable.SCHEMA.partitionBy()).containsExactly("run_date", "run_id");
    assertThat(RejectsTable.SCHEMA.partitionBy()).containsExactly("run_date", "run_id", "split");
    assertThat(
            java.util.List.of(
                WarehouseTables.STAGE_ENERGY.name(),
                WarehouseTables.RUNS.name(),
                TrainingRoundsTable.SCHEMA.name(),
                EvaluationTables.EVALUATIONS.name(),
                EvaluationTables.MODELS.name(),
                TuningTrialsTable.SCHEMA.name(),
                RejectsTable.SCHEMA.name()))
        .containsExactly(
            "stage_energy",
            "runs",
            "training_rounds",
            "evaluations",
            "models",
            "tuning_trials",
            "rejects");
  }
}
