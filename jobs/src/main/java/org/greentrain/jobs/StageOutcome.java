package org.greentrain.jobs;

import java.util.Map;

/**
 * What a stage's own logic hands back to the {@link StageRunner}; the runner adds time and energy.
 * Fields that do not apply to a stage are null; {@code notes} says anything a reader of the run
 * must know, such as why training stopped early.
 */
record StageOutcome(
    Long recordsIn,
    Long recordsOut,
    Long modelBytes,
    Double testAccuracy,
    Map<String, Double> metrics,
    String notes) {

  StageOutcome {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    notes = notes == null ? "" : notes;
  }

  StageOutcome(
      Long recordsIn,
      Long recordsOut,
      Long modelBytes,
      Double testAccuracy,
      Map<String, Double> metrics) {
    this(recordsIn, recordsOut, modelBytes, testAccuracy, metrics, "");
  }
}
