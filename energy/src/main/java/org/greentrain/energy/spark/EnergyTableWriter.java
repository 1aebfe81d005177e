package org.greentrain.energy.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.greentrain.energy.CarbonIntensity;
import org.greentrain.energy.EnergyRow;
import org.greentrain.energy.table.EnergyTables;

/**
 * Writes {@code task_energy} and {@code stage_energy} with the plugin's own Parquet writer ({@link
 * EnergyFiles}), since the driver plugin writes while the application shuts down and no
 * SparkSession can be used, and parquet-hadoop would load some 1,700 classes then. Layout: {@code
 * task_energy/run_date=D/run_id=R/stage=S/} and {@code stage_energy/run_date=D/run_id=R/}; every
 * partition written replaces the one there, but for {@code stage=unlabelled}, where each
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

  private final TableFiles files;

  EnergyTableWriter(Configuration hadoop, String output) {
    this.files = TableFiles.of(hadoop, output);
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
    String run = "/run_date=" + runDate + "/run_id=" + runId;
    if (freshRun) {
      delete(EnergyTables.TASK_ENERGY.name() + run);
    }
    for (Map.Entry<String, List<EnergyRow>> e : byStage(rows).entrySet()) {
      String partition = EnergyTables.TASK_ENERGY.name() + run + "/stage=" + e.getKey();
      byte[] file = EnergyFiles.taskRows(appId, e.getValue(), carbon.source(), completeness);
      if (e.getKey().equals(UNLABELLED)) {
        replaceOwn(partition, appId, file);
      } else {
        replace(partition, file);
      }
    }
    if (stages) {
      replace(
          EnergyTables.PLUGIN_STAGE_ENERGY.name() + run,
          EnergyFiles.stageRows(appId, rows, carbon, completeness));
    }
  }

  /**
   * Appends rows collected while the application runs, marked {@code complete = false}, as {@code
   * _inflight/run_id=<runId>/<appId>/stage=<label>/part-<seq>.parquet} (task_energy columns), each
   * file written under a temporary name and renamed, so a reader never sees half a file.
   */
  void writeInflight(
      String runId, String appId, long seq, List<EnergyRow> rows, String intensitySource) {
    for (Map.Entry<String, List<EnergyRow>> e : byStage(rows).entrySet()) {
      String dir = inflight(runId, appId) + "/stage=" + e.getKey();
      String name = String.format("part-%05d.parquet", seq);
      String file = dir + "/" + name;
      String tmp = dir + "/." + name + ".tmp";
      try {
        files.write(
            tmp,
            EnergyFiles.taskRows(appId, e.getValue(), intensitySource, Completeness.IN_FLIGHT));
        files.rename(tmp, file);
      } catch (IOException ex) {
        throw new UncheckedIOException("Failed to write " + files.describe(file), ex);
      }
    }
  }

  /**
   * Deletes the application's in-flight rows, once its complete tables are written, and the
   * in-flight directories left empty.
   */
  void clearInflight(String runId, String appId) {
    String dir = inflight(runId, appId);
    try {
      files.delete(dir);
      files.deleteIfEmpty(INFLIGHT + "/run_id=" + runId);
      files.deleteIfEmpty(INFLIGHT);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to delete " + files.describe(dir), e);
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
    String runDir = INFLIGHT + "/run_id=" + runId;
    List<String> adopted = new ArrayList<>();
    try {
      if (!files.exists(runDir)) {
        return adopted;
      }
      for (TableFiles.Entry app : files.list(runDir)) {
        String other = app.name();
        String appDir = runDir + "/" + other;
        if (app.isDirectory()
            && !other.equals(appId)
            && nowMs - files.newestModified(appDir) > quietMs) {
          moveInto(appDir, other, runDate, runId);
          adopted.add(other);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Failed to adopt the spooled rows under " + files.describe(runDir), e);
    }
    return adopted;
  }

  private void moveInto(String appDir, String app, String runDate, String runId)
      throws IOException {
    for (TableFiles.Entry stage : files.list(appDir)) {
      String partition =
          EnergyTables.TASK_ENERGY.name()
              + "/run_date="
              + runDate
              + "/run_id="
              + runId
              + "/"
              + stage.name();
      files.mkdirs(partition);
      String stageDir = appDir + "/" + stage.name();
      for (TableFiles.Entry file : files.list(stageDir)) {
        String name = file.name();
        if (name.startsWith("part-") && name.endsWith(".parquet")) {
          files.rename(stageDir + "/" + name, partition + "/part-" + app + "-" + name.substring(5));
        }
      }
    }
    files.delete(appDir);
  }

  String inflight(String runId, String appId) {
    return INFLIGHT + "/run_id=" + runId + "/" + appId;
  }

  private static Map<String, List<EnergyRow>> byStage(List<EnergyRow> rows) {
    Map<String, List<EnergyRow>> byStage = new LinkedHashMap<>();
    for (EnergyRow r : rows) {
      String label = r.stageLabel().isEmpty() ? UNLABELLED : r.stageLabel();
      byStage.computeIfAbsent(label, k -> new ArrayList<>()).add(r);
    }
    return byStage;
  }

  /** A sibling of {@code partition} no reader lists (a leading dot), unique to this write. */
  private static String staging(String partition) {
    int slash = partition.lastIndexOf('/');
    return partition.substring(0, slash + 1)
        + "."
        + partition.substring(slash + 1)
        + ".tmp-"
        + UUID.randomUUID();
  }

  /**
   * Replaces the partition with one holding {@code file}: written aside, then renamed into place.
   */
  private void replace(String partition, byte[] file) {
    String staging = staging(partition);
    try {
      try {
        files.write(staging + "/part-00000.parquet", file);
        files.delete(partition);
        files.rename(staging, partition);
      } finally {
        files.delete(staging);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write " + files.describe(partition), e);
    }
  }

  private void delete(String dir) {
    try {
      files.delete(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to delete " + files.describe(dir), e);
    }
  }

  /**
   * Writes {@code appId}'s file of a partition other applications of the run write too, replacing
   * only that application's earlier file: a stage command or a resumed run must not take the first
   * application's rows with it.
   */
  private void replaceOwn(String partition, String appId, byte[] file) {
    String name = "part-" + appId + "-00000.parquet";
    String target = partition + "/" + name;
    String staging = staging(partition);
    try {
      try {
        String staged = staging + "/" + name;
        files.write(staged, file);
        files.mkdirs(partition);
        files.delete(target);
        files.rename(staged, target);
      } finally {
        files.delete(staging);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write " + files.describe(partition), e);
    }
  }
}
