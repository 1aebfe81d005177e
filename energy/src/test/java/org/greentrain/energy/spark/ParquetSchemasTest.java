package org.greentrain.energy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.sql.types.DataTypes;
import org.greentrain.energy.table.Column;
import org.greentrain.energy.table.EnergyTables;
import org.greentrain.energy.table.TableSchema;
import org.junit.jupiter.api.Test;

class ParquetSchemasTest {

  /** The files' schemas as the writer spelled them out before the columns had one source. */
  private static final String IMPACT =
      " optional double embodied_co2e_g; optional binary embodied_source (UTF8);"
          + " optional boolean embodied_default; optional double water_l;"
          + " optional double wue_l_per_kwh; optional double water_intensity_l_per_kwh;"
          + " optional binary water_source (UTF8);";

  private static final MessageType TASK_ENERGY_BEFORE =
      MessageTypeParser.parseMessageType(
          "message task_energy {"
              + " required binary app_id (UTF8); required binary executor_id (UTF8);"
              + " required binary host (UTF8); required int64 window_start_ms;"
              + " required int64 window_end_ms; required binary kind (UTF8);"
              + " required int32 job_id; required int32 stage_id; required int32 stage_attempt;"
              + " required int64 task_id; required int32 partition_id; required int32 attempt;"
              + " required binary status (UTF8); required double cpu_s; required double energy_j;"
              + " required double energy_kwh; required double co2e_g; required boolean estimated;"
              + " required binary energy_method (UTF8); required binary region (UTF8);"
              + " required double intensity_g_per_kwh; required binary intensity_source (UTF8);"
              + " required double pue; required int32 schema_version; required boolean complete;"
              + IMPACT
              + " required double node_hours; required binary hardware (UTF8);"
              + " required double embodied_g_per_hour;"
              // Added with version 2, the GPU hours' embodied emissions.
              + " optional double gpu_hours; optional binary gpu_model (UTF8);"
              + " optional double gpu_embodied_co2e_g; optional double gpu_embodied_g_per_hour;"
              + " optional binary gpu_embodied_source (UTF8); optional boolean gpu_embodied_default;"
              + " }");

  private static final MessageType STAGE_ENERGY_BEFORE =
      MessageTypeParser.parseMessageType(
          "message stage_energy {"
              + " required binary stage (UTF8); required binary app_id (UTF8);"
              + " required double task_j; required double overhead_j; required double energy_j;"
              + " required double energy_kwh; required double co2e_g; required double cpu_s;"
              + " required int64 tasks; required int64 failed_tasks; required double wasted_j;"
              + " required double wall_s; required boolean estimated;"
              + " required binary energy_method (UTF8); required binary region (UTF8);"
              + " required double intensity_g_per_kwh; required binary intensity_source (UTF8);"
              + " required double pue; required int32 schema_version; required boolean complete;"
              + " required int32 missing_windows; required binary notes (UTF8);"
              + IMPACT
              + " }");

  @Test
  void thePluginWritesTheSameFilesAsBeforeItsColumnsHadOneSource() {
    assertThat(ParquetSchemas.of(EnergyTables.TASK_ENERGY)).isEqualTo(TASK_ENERGY_BEFORE);
    assertThat(ParquetSchemas.of(EnergyTables.PLUGIN_STAGE_ENERGY)).isEqualTo(STAGE_ENERGY_BEFORE);
    assertThat(EnergyTableWriter.TASK_ENERGY).isEqualTo(TASK_ENERGY_BEFORE);
    assertThat(EnergyTableWriter.STAGE_ENERGY).isEqualTo(STAGE_ENERGY_BEFORE);
  }

  @Test
  void partitionColumnsAreDirectoriesNotFields() {
    assertThat(EnergyTables.TASK_ENERGY.partitionBy())
        .containsExactly("run_date", "run_id", "stage");
    assertThat(EnergyTables.PLUGIN_STAGE_ENERGY.partitionBy())
        .containsExactly("run_date", "run_id");
    assertThat(TASK_ENERGY_BEFORE.containsField("stage")).isFalse();
  }

  @Test
  void aTypeTheWriterCannotWriteIsRefusedByName() {
    TableSchema t =
        TableSchema.byRun(
            "t",
            List.of(
                Column.required(
                    "scores", DataTypes.createArrayType(DataTypes.DoubleType), "", "scores")));

    assertThatThrownBy(() -> ParquetSchemas.of(t))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot write column scores with parquet-hadoop: type ArrayType(DoubleType,true)");
  }
}
