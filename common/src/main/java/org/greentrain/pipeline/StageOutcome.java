package org.greentrain.pipeline;

import java.util.Map;

/**
 * What a stage's own logic hands back to the {@link StageRunner}; the runner adds time and energy.
 * Fields that do not apply to a stage are null; {@code notes} says anything a reader of the run
 * must know, such as why training stopped early.
 */
public record StageOutcome(
    Long recordsIn,
    Long recordsOut,
    Long modelBytes,
    Double testAccuracy,
    Map<String, Double> metrics,
    String notes) {

  public StageOutcome {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    notes = notes == null ? "" : notes;
  }

  public StageOutcome(
      Long recordsIn,
      Long recordsOut,
      Long modelBytes,
      Double testAccuracy,
      Map<String, Double> metrics) {
    this(recordsIn, recordsOut, modelBytes, testAccuracy, metrics, "");
  }
}
