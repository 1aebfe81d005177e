package org.greentrain.energy.spark;

import java.util.List;
import org.greentrain.energy.CarbonIntensity;
import org.greentrain.energy.EnergyRow;
import org.greentrain.energy.ImpactFactors;
import org.greentrain.energy.StageEnergyTotals;
import org.greentrain.energy.table.EnergyTables;
import org.greentrain.energy.table.ParquetFileWriter;

/** The bytes of the plugin's Parquet files: a file of task_energy rows, or of stage_energy rows. */
final class EnergyFiles {

  private EnergyFiles() {}

  /** The application's rows as task_energy's stored columns. */
  static byte[] taskRows(
      String appId,
      List<EnergyRow> rows,
      String source,
      EnergyTableWriter.Completeness completeness) {
    ParquetFileWriter file = new ParquetFileWriter(EnergyTables.TASK_ENERGY);
    for (EnergyRow r : rows) {
      ParquetFileWriter.Row row =
          file.row()
              .set("app_id", appId)
              .set("executor_id", r.executorId())
              .set("host", r.host())
              .set("window_start_ms", r.windowStartMs())
              .set("window_end_ms", r.windowEndMs())
              .set("kind", r.kind())
              .set("job_id", r.jobId())
              .set("stage_id", r.stageId())
              .set("stage_attempt", r.stageAttempt())
              .set("task_id", r.taskId())
              .set("partition_id", r.partition())
              .set("attempt", r.attempt())
              .set("status", r.status())
              .set("cpu_s", r.cpuSeconds())
              .set("energy_j", r.joules())
              .set("energy_kwh", r.joules() / 3.6e6)
              .set("co2e_g", r.co2eGrams())
              .set("estimated", r.estimated())
              .set("energy_method", r.method())
              .set("region", r.region())
              .set("intensity_g_per_kwh", r.intensityGramsPerKwh())
              .set("intensity_source", source)
              .set("pue", r.pue())
              .set("schema_version", EnergyTableWriter.SCHEMA_VERSION)
              .set("complete", completeness.complete())
              .set("node_hours", r.nodeHours())
              .set("hardware", r.hardware())
              .set("embodied_g_per_hour", r.impact().embodiedGramsPerHour());
      setImpact(row, r.embodiedCo2eGrams(), r.waterLitres(), r.impact());
      setGpus(row, r);
      row.append();
    }
    return file.toByteArray();
  }

  /** The GPU columns of a task_energy row; the factor's columns stay null where no GPU was held. */
  private static void setGpus(ParquetFileWriter.Row row, EnergyRow r) {
    row.set("gpu_hours", r.gpus().gpuHours())
        .set("gpu_model", r.gpus().model())
        .set("gpu_embodied_co2e_g", r.gpuEmbodiedCo2eGrams());
    if (!r.gpus().names().isEmpty()) {
      row.set("gpu_embodied_g_per_hour", r.gpuEmbodied().gramsPerGpuHour())
          .set("gpu_embodied_source", r.gpuEmbodied().source())
          .set("gpu_embodied_default", r.gpuEmbodied().isDefault());
    }
  }

  private static void setImpact(
      ParquetFileWriter.Row row, double embodiedGrams, double waterLitres, ImpactFactors impact) {
    row.set("embodied_co2e_g", embodiedGrams)
        .set("embodied_source", impact.embodiedSource())
        .set("embodied_default", impact.embodiedDefault())
        .set("water_l", waterLitres)
        .set("wue_l_per_kwh", impact.wueLitresPerKwh())
        .set("water_intensity_l_per_kwh", impact.waterIntensityLitresPerKwh())
        .set("water_source", impact.waterSource());
  }

  /** The application's rows summed by stage, as the plugin's stage_energy stored columns. */
  static byte[] stageRows(
      String appId,
      List<EnergyRow> rows,
      CarbonIntensity carbon,
      EnergyTableWriter.Completeness completeness) {
    ParquetFileWriter file = new ParquetFileWriter(EnergyTables.PLUGIN_STAGE_ENERGY);
    boolean estimated = rows.stream().anyMatch(EnergyRow::estimated);
    String method = rows.isEmpty() ? "" : rows.get(rows.size() - 1).method();
    double pue = rows.isEmpty() ? 1 : rows.get(0).pue();
    double intensity = carbon.gramsPerKwh();
    // The factors of the last row, as for the method: where hosts differ, task_energy has each's.
    ImpactFactors impact = rows.isEmpty() ? null : rows.get(rows.size() - 1).impact();
    for (StageEnergyTotals t : StageEnergyTotals.byStage(rows).values()) {
      double kwh = t.joules() / 3.6e6;
      ParquetFileWriter.Row row =
          file.row()
              .set("stage", t.stageLabel())
              .set("app_id", appId)
              .set("task_j", t.taskJoules())
              .set("overhead_j", t.overheadJoules())
              .set("energy_j", t.joules())
              .set("energy_kwh", kwh)
              .set("co2e_g", kwh * pue * intensity)
              .set("cpu_s", t.cpuSeconds())
              .set("tasks", t.tasks())
              .set("failed_tasks", t.failedTasks())
              .set("wasted_j", t.failedJoules())
              .set("wall_s", Math.max(0, t.lastMs() - t.firstMs()) / 1000.0)
              .set("estimated", estimated)
              .set("energy_method", method)
              .set("region", carbon.region())
              .set("intensity_g_per_kwh", intensity)
              .set("intensity_source", carbon.source())
              .set("pue", pue)
              .set("schema_version", EnergyTableWriter.SCHEMA_VERSION)
              .set("complete", completeness.complete())
              .set("missing_windows", completeness.missingWindows())
              .set("notes", completeness.notes());
      setImpact(row, t.embodiedGrams(), t.waterLitres(), impact);
      row.append();
    }
    return file.toByteArray();
  }
}
