package org.greentrain.jobs.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The reported run against the version the registry's {@code LATEST} points at (a version is the id
 * of the run that published it), compared through both runs' rows of the runs table.
 *
 * @param modelName {@code publish.model-name}
 * @param latestVersion what LATEST holds; null when no version has passed the gate
 * @param latest the runs row of that version; null when there is no LATEST or the row is gone
 */
record LatestComparison(String modelName, String latestVersion, ReportData.Run latest) {

  /** One metric of both runs; {@code change} is this run's value minus LATEST's. */
  record Delta(String id, String label, double thisRun, double latest, double change) {}

  /** Why there is nothing to compare, or null when there is. */
  String whyNoComparison(ReportData.Run run) {
    if (latestVersion == null) {
      return "No LATEST: no version of "
          + modelName
          + " has passed the quality gate yet, so there is nothing to compare with.";
    }
    if (latestVersion.equals(run.runId())) {
      return "This run is LATEST: models/" + modelName + "/LATEST points at it.";
    }
    if (latest == null) {
      return "LATEST points at "
          + latestVersion
          + ", whose run has no row in the runs table, so there is nothing to compare with.";
    }
    return null;
  }

  /** The metrics both runs have; empty when {@link #whyNoComparison} is not null. */
  List<Delta> deltas(ReportData.Run run) {
    List<Delta> deltas = new ArrayList<>();
    if (whyNoComparison(run) != null) {
      return deltas;
    }
    add(deltas, run, "energy_kwh", "energy (kWh)", ReportData.Run::energyKwh);
    add(deltas, run, "co2e_g", "CO2e (g)", ReportData.Run::co2eG);
    add(deltas, run, "fp32_accuracy", "fp32 test accuracy", ReportData.Run::fp32Accuracy);
    add(deltas, run, "int8_accuracy", "int8 test accuracy", ReportData.Run::int8Accuracy);
    add(deltas, run, "fp32_bytes", "fp32 model (bytes)", r -> bytes(r.fp32Bytes()));
    add(deltas, run, "int8_bytes", "int8 model (bytes)", r -> bytes(r.int8Bytes()));
    return deltas;
  }

  private void add(
      List<Delta> deltas,
      ReportData.Run run,
      String id,
      String label,
      Function<ReportData.Run, Double> metric) {
    Double mine = metric.apply(run);
    Double theirs = metric.apply(latest);
    // A run that stopped before a stage has no value for it: no change to state.
    if (mine != null && theirs != null) {
      deltas.add(new Delta(id, label, mine, theirs, mine - theirs));
    }
  }

  private static Double bytes(Long b) {
    return b == null ? null : b.doubleValue();
  }
}
