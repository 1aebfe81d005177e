package org.greentrain.energy.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.greentrain.energy.CarbonIntensity;
import org.greentrain.energy.EnergyRow;
import org.greentrain.energy.ImpactFactors;
import org.greentrain.energy.StageEnergyTotals;
import org.greentrain.energy.table.EnergyTables;

/**
 * Writes {@code task_energy} and {@code stage_energy} with parquet-hadoop directly, since the
 * driver plugin writes while the application shuts down and no SparkSession can be used. Layout:
 * {@code task_energy/run_date=D/run_id=R/stage=S/} and {@code stage_energy/run_date=D/run_id=R/};
 * every partition written replaces the one there, but for {@code stage=unlabelled}, where each
 * application of the run keeps a file of its own. While the application runs, the driver appends
 * its rows under {@code _inflight/run_id=R/<app-id>/} ({@link #writeInflight}), and removes them
 * once the complete tables are written; the spooled rows of an earlier application of the same run
 * that died are then moved into the tables as they are ({@link #adoptOrphans}).
 */
final class EnergyTableWriter {

  /**
   * Bumped whenever a column of task_energy or the plugin's stage_energy changes meaning or type;
   * columns only added keep it. Version 2: {@code embodied_co2e_g} includes the GPU hours'
   * emissions, the {@code gpu_} columns added.
   */
  static final int SCHEMA_VERSION = 2;

  /**
   * The partition of rows no stage label names: Spark jobs outside a stage, and each application's
   * executor overhead, driver and node-other rows. Every application of a run writes it, so each
   * keeps its own file there.
   */
  static final String UNLABELLED = "unlabelled";

  /** Directory under the output of rows spooled while applications run. */
  static final String INFLIGHT = "_inflight";

  /**
   * How complete an application's rows are.
   *
   * @param complete false for rows spooled while the application ran (it may have died since)
   * @param missingWindows sampling windows that never arrived or arrived too late (see
   *     docs/energy-tables.md)
   * @param notes what a reader must know, empty if nothing
   */
  record Completeness(boolean complete, int missingWindows, String notes) {

    Completeness(int missingWindows, String notes) {
      this(true, missingWindows, notes);
    }

    static final Completeness IN_FLIGHT =
        new Completeness(false, 0, "spooled while the application ran; it may have died since");
  }

  /** The files' schemas, from the tables' columns (docs/energy-tables.md). */
  static final MessageType TASK_ENERGY = ParquetSchemas.of(EnergyTables.TASK_ENERGY);

  static final MessageType STAGE_ENERGY = ParquetSchemas.of(EnergyTables.PLUGIN_STAGE_ENERGY);

  private final Configuration hadoop;
  private final Path root;

  EnergyTableWriter(Configuration hadoop, String output) {
    this.hadoop = hadoop;
    this.root = new Path(output);
  }

  void write(
      String runDate,
      String runId,
      String appId,
      List<EnergyRow> rows,
      boolean stages,
      CarbonIntensity carbon,
      Completeness completeness) {
    write(runDate, runId, appId, rows, stages, carbon, completeness, false);
  }

  /**
   * Writes the application's rows; with {@code freshRun}, first deletes every {@code task_energy}
   * row filed under the run on that date, other applications' included: the run started afresh.
   */
  void write(
      String runDate,
      String runId,
      String appId,
      List<EnergyRow> rows,
      boolean stages,
      CarbonIntensity carbon,
      Completeness completeness,
      boolean freshRun) {
    if (freshRun) {
      delete(
          new Path(
              root, EnergyTables.TASK_ENERGY.name() + "/run_date=" + runDate + "/run_id=" + runId));
    }
    for (Map.Entry<String, List<EnergyRow>> e : byStage(rows).entrySet()) {
      Path partition =
          new Path(
              root,
              EnergyTables.TASK_ENERGY.name()
                  + "/run_date="
                  + runDate
                  + "/run_id="
                  + runId
                  + "/stage="
                  + e.getKey());
      FileBody rowsOf =
          file -> writeTaskRows(file, appId, e.getValue(), carbon.source(), completeness);
      if (e.getKey().equals(UNLABELLED)) {
        replaceOwn(partition, appId, rowsOf);
      } else {
        replace(partition, rowsOf);
      }
    }
    if (stages) {
      Path partition =
          new Path(
              root,
              EnergyTables.PLUGIN_STAGE_ENERGY.name()
                  + "/run_date="
                  + runDate
                  + "/run_id="
                  + runId);
      replace(partition, file -> writeStageRows(file, appId, rows, carbon, completeness));
    }
  }

  /**
   * Appends rows collected while the application runs, marked {@code complete = false}, as {@code
   * _inflight/run_id=<runId>/<appId>/stage=<label>/part-<seq>.snappy.parquet} (task_energy
   * columns), each file written under a temporary name and renamed, so a reader never sees half a
   * file.
   */
  void writeInflight(
      String runId, String appId, long seq, List<EnergyRow> rows, String intensitySource) {
    for (Map.Entry<String, List<EnergyRow>> e : byStage(rows).entrySet()) {
      Path dir = new Path(inflight(runId, appId), "stage=" + e.getKey());
      Path file = new Path(dir, String.format("part-%05d.snappy.parquet", seq));
      Path tmp = new Path(dir, "." + file.getName() + ".tmp");
      try {
        FileSystem fs = dir.getFileSystem(hadoop);
        writeTaskRows(tmp, appId, e.getValue(), intensitySource, Completeness.IN_FLIGHT);
        if (!fs.rename(tmp, file)) {
          throw new IOException("could not rename " + tmp + " to " + file);
        }
      } catch (IOException ex) {
        throw new UncheckedIOException("Failed to write " + file, ex);
      }
    }
  }

  /**
   * Deletes the application's in-flight rows, once its complete tables are written, and the
   * in-flight directories left empty.
   */
  void clearInflight(String runId, String appId) {
    Path dir = inflight(runId, appId);
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      if (fs.exists(dir) && !fs.delete(dir, true)) {
        throw new IOException("could not delete " + dir);
      }
      deleteIfEmpty(fs, dir.getParent());
      deleteIfEmpty(fs, dir.getParent().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to delete " + dir, e);
    }
  }

  /**
   * Moves into {@code task_energy/run_date=<runDate>/run_id=<runId>/} the spooled rows of every
   * other application of the run whose last spooled file is older than {@code quietMs} at {@code
   * nowMs}: an attempt that died (a {@code kill -9} before a resume). Its rows keep their {@code
   * app_id} and {@code complete = false}, beside this application's: wasted energy is energy. A
   * live application spools every {@link EnergyDriverPlugin#SPOOL_PERIOD_MS}, so a quiet time of
   * two periods leaves it alone.
   *
   * @return the ids of the applications whose rows were moved
   */
  List<String> adoptOrphans(String runDate, String runId, String appId, long nowMs, long quietMs) {
    Path runDir = new Path(root, INFLIGHT + "/run_id=" + runId);
    List<String> adopted = new ArrayList<>();
    try {
      FileSystem fs = runDir.getFileSystem(hadoop);
      if (!fs.exists(runDir)) {
        return adopted;
      }
      for (FileStatus app : fs.listStatus(runDir)) {
        String other = app.getPath().getName();
        if (app.isDirectory()
            && !other.equals(appId)
            && nowMs - lastModified(fs, app.getPath()) > quietMs) {
          moveInto(fs, app.getPath(), other, runDate, runId);
          adopted.add(other);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to adopt the spooled rows under " + runDir, e);
    }
    return adopted;
  }

  private void moveInto(FileSystem fs, Path appDir, String app, String runDate, String runId)
      throws IOException {
    for (FileStatus stage : fs.listStatus(appDir)) {
      Path partition =
          new Path(
              root,
              EnergyTables.TASK_ENERGY.name()
                  + "/run_date="
                  + runDate
                  + "/run_id="
                  + runId
                  + "/"
                  + stage.getPath().getName());
      fs.mkdirs(partition);
      for (FileStatus file : fs.listStatus(stage.getPath())) {
        String name = file.getPath().getName();
        if (name.startsWith("part-") && name.endsWith(".parquet")) {
          Path target = new Path(partition, "part-" + app + "-" + name.substring(5));
          if (!fs.rename(file.getPath(), target)) {
            throw new IOException("could not rename " + file.getPath() + " to " + target);
          }
        }
      }
    }
    if (!fs.delete(appDir, true)) {
      throw new IOException("could not delete " + appDir);
    }
  }

  /** Modification time of the newest file under {@code dir}, 0 if there is none. */
  private static long lastModified(FileSystem fs, Path dir) throws IOException {
    long newest = 0;
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(dir, true);
    while (files.hasNext()) {
      newest = Math.max(newest, files.next().getModificationTime());
    }
    return newest;
  }

  private static void deleteIfEmpty(FileSystem fs, Path dir) throws IOException {
    if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
      fs.delete(dir, false);
    }
  }

  Path inflight(String runId, String appId) {
    return new Path(root, INFLIGHT + "/run_id=" + runId + "/" + appId);
  }

  private static Map<String, List<EnergyRow>> byStage(List<EnergyRow> rows) {
    Map<String, List<EnergyRow>> byStage = new LinkedHashMap<>();
    for (EnergyRow r : rows) {
      String label = r.stageLabel().isEmpty() ? UNLABELLED : r.stageLabel();
      byStage.computeIfAbsent(label, k -> new ArrayList<>()).add(r);
    }
    return byStage;
  }

  private interface FileBody {
    void write(Path file) throws IOException;
  }

  private void replace(Path partition, FileBody body) {
    try {
      FileSystem fs = partition.getFileSystem(hadoop);
      Path staging =
          new Path(partition.getParent(), "." + partition.getName() + ".tmp-" + UUID.randomUUID());
      try {
        body.write(new Path(staging, "part-00000.snappy.parquet"));
        if (fs.exists(partition) && !fs.delete(partition, true)) {
          throw new IOException("could not delete " + partition);
        }
        if (!fs.rename(staging, partition)) {
          throw new IOException("could not rename " + staging + " to " + partition);
        }
      } finally {
        if (fs.exists(staging)) {
          fs.delete(staging, true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write " + partition, e);
    }
  }

  private void delete(Path dir) {
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      if (fs.exists(dir) && !fs.delete(dir, true)) {
        throw new IOException("could not delete " + dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to delete " + dir, e);
    }
  }

  /**
   * Writes {@code appId}'s file of a partition other applications of the run write too, replacing
   * only that application's earlier file: a stage command or a resumed run must not take the first
   * application's rows with it.
   */
  private void replaceOwn(Path partition, String appId, FileBody body) {
    Path target = new Path(partition, "part-" + appId + "-00000.snappy.parquet");
    Path staging =
        new Path(partition.getParent(), "." + partition.getName() + ".tmp-" + UUID.randomUUID());
    try {
      FileSystem fs = partition.getFileSystem(hadoop);
      try {
        Path staged = new Path(staging, target.getName());
        body.write(staged);
        fs.mkdirs(partition);
        if (fs.exists(target) && !fs.delete(target, false)) {
          throw new IOException("could not delete " + target);
        }
        if (!fs.rename(staged, target)) {
          throw new IOException("could not rename " + staged + " to " + target);
        }
      } finally {
        if (fs.exists(staging)) {
          fs.delete(staging, true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write " + partition, e);
    }
  }

  private ParquetWriter<Group> open(Path file, MessageType schema) throws IOException {
    return ExampleParquetWriter.builder(file)
        .withConf(hadoop)
        .withType(schema)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .build();
  }

  private void writeTaskRows(
      Path file, String appId, List<EnergyRow> rows, String source, Completeness completeness)
      throws IOException {
    SimpleGroupFactory groups = new SimpleGroupFactory(TASK_ENERGY);
    try (ParquetWriter<Group> w = open(file, TASK_ENERGY)) {
      for (EnergyRow r : rows) {
        Group g =
            groups
                .newGroup()
                .append("app_id", appId)
                .append("executor_id", r.executorId())
                .append("host", r.host())
                .append("window_start_ms", r.windowStartMs())
                .append("window_end_ms", r.windowEndMs())
                .append("kind", r.kind())
                .append("job_id", r.jobId())
                .append("stage_id", r.stageId())
                .append("stage_attempt", r.stageAttempt())
                .append("task_id", r.taskId())
                .append("partition_id", r.partition())
                .append("attempt", r.attempt())
                .append("status", r.status())
                .append("cpu_s", r.cpuSeconds())
                .append("energy_j", r.joules())
                .append("energy_kwh", r.joules() / 3.6e6)
                .append("co2e_g", r.co2eGrams())
                .append("estimated", r.estimated())
                .append("energy_method", r.method())
                .append("region", r.region())
                .append("intensity_g_per_kwh", r.intensityGramsPerKwh())
                .append("intensity_source", source)
                .append("pue", r.pue())
                .append("schema_version", SCHEMA_VERSION)
                .append("complete", completeness.complete());
        appendImpact(g, r.embodiedCo2eGrams(), r.waterLitres(), r.impact());
        w.write(
            appendGpus(
                g.append("node_hours", r.nodeHours())
                    .append("hardware", r.hardware())
                    .append("embodied_g_per_hour", r.impact().embodiedGramsPerHour()),
                r));
      }
    }
  }

  /** The GPU columns of a task_energy row; the factor's columns stay null where no GPU was held. */
  private static Group appendGpus(Group g, EnergyRow r) {
    g.append("gpu_hours", r.gpus().gpuHours())
        .append("gpu_model", r.gpus().model())
        .append("gpu_embodied_co2e_g", r.gpuEmbodiedCo2eGrams());
    if (!r.gpus().names().isEmpty()) {
      g.append("gpu_embodied_g_per_hour", r.gpuEmbodied().gramsPerGpuHour())
          .append("gpu_embodied_source", r.gpuEmbodied().source())
          .append("gpu_embodied_default", r.gpuEmbodied().isDefault());
    }
    return g;
  }

  private static void appendImpact(
      Group g, double embodiedGrams, double waterLitres, ImpactFactors impact) {
    g.append("embodied_co2e_g", embodiedGrams)
        .append("embodied_source", impact.embodiedSource())
        .append("embodied_default", impact.embodiedDefault())
        .append("water_l", waterLitres)
        .append("wue_l_per_kwh", impact.wueLitresPerKwh())
        .append("water_intensity_l_per_kwh", impact.waterIntensityLitresPerKwh())
        .append("water_source", impact.waterSource());
  }

  private void writeStageRows(
      Path file,
      String appId,
      List<EnergyRow> rows,
      CarbonIntensity carbon,
      Completeness completeness)
      throws IOException {
    SimpleGroupFactory groups = new SimpleGroupFactory(STAGE_ENERGY);
    boolean estimated = rows.stream().anyMatch(EnergyRow::estimated);
    String method = rows.isEmpty() ? "" : rows.get(rows.size() - 1).method();
    double pue = rows.isEmpty() ? 1 : rows.get(0).pue();
    double intensity = carbon.gramsPerKwh();
    String region = carbon.region();
    // The factors of the last row, as for the method: where hosts differ, task_energy has each's.
    ImpactFactors impact = rows.isEmpty() ? null : rows.get(rows.size() - 1).impact();
    try (ParquetWriter<Group> w = open(file, STAGE_ENERGY)) {
      for (StageEnergyTotals t : StageEnergyTotals.byStage(rows).values()) {
        double kwh = t.joules() / 3.6e6;
        Group g =
            groups
                .newGroup()
                .append("stage", t.stageLabel())
                .append("app_id", appId)
                .append("task_j", t.taskJoules())
                .append("overhead_j", t.overheadJoules())
                .append("energy_j", t.joules())
                .append("energy_kwh", kwh)
                .append("co2e_g", kwh * pue * intensity)
                .append("cpu_s", t.cpuSeconds())
                .append("tasks", t.tasks())
                .append("failed_tasks", t.failedTasks())
                .append("wasted_j", t.failedJoules())
                .append("wall_s", Math.max(0, t.lastMs() - t.firstMs()) / 1000.0)
                .append("estimated", estimated)
                .append("energy_method", method)
                .append("region", region)
                .append("intensity_g_per_kwh", intensity)
                .append("intensity_source", carbon.source())
                .append("pue", pue)
                .append("schema_version", SCHEMA_VERSION)
                .append("complete", completeness.complete())
                .append("missing_windows", completeness.missingWindows())
                .append("notes", completeness.notes());
        appendImpact(g, t.embodiedGrams(), t.waterLitres(), impact);
        w.write(g);
      }
    }
  }
}
