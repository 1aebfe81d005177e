package org.greentrain.energy.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.greentrain.energy.CarbonIntensity;
import org.greentrain.energy.EnergyRow;
import org.greentrain.energy.table.EnergyTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin's files keep the schemas parquet-hadoop wrote before the plugin had its own writer, as
 * parquet-mr reads them from the files' footers.
 */
class EnergyFileSchemaTest {

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
  void thePluginWritesTheSameFilesAsBeforeItsColumnsHadOneSource(@TempDir Path dir)
      throws IOException {
    CarbonIntensity carbon = DriverRows.CARBON;
    EnergyRow row = DriverRows.task("count", 0, 20);
    new EnergyTableWriter(new Configuration(), dir.toString())
        .write(
            "2026-12-06",
            "r1",
            "app-1",
            List.of(row),
            true,
            carbon,
            new EnergyTableWriter.Completeness(0, ""));

    assertThat(schemaOf(dir.resolve("task_energy"))).isEqualTo(TASK_ENERGY_BEFORE);
    assertThat(schemaOf(dir.resolve("stage_energy"))).isEqualTo(STAGE_ENERGY_BEFORE);
  }

  @Test
  void partitionColumnsAreDirectoriesNotFields() {
    assertThat(EnergyTables.TASK_ENERGY.partitionBy())
        .containsExactly("run_date", "run_id", "stage");
    assertThat(EnergyTables.PLUGIN_STAGE_ENERGY.partitionBy())
        .containsExactly("run_date", "run_id");
    assertThat(TASK_ENERGY_BEFORE.containsField("stage")).isFalse();
    assertThat(EnergyTables.TASK_ENERGY.storedColumns())
        .extracting(c -> c.name())
        .doesNotContain("run_date", "run_id", "stage");
  }

  /** The schema in the footer of the one Parquet file under {@code dir}. */
  private static MessageType schemaOf(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> all = Files.walk(dir)) {
      files = all.filter(p -> p.toString().endsWith(".parquet")).toList();
    }
    assertThat(files).hasSize(1);
    try (ParquetFileReader r =
        ParquetFileReader.open(
            HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(files.get(0).toUri()), new Configuration()))) {
      return r.getFooter().getFileMetaData().getSchema();
    }
  }
}
