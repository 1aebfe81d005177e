package org.greentrain.jobs;

import java.util.Map;

/**
 * What a stage's own logic hands back to the {@link StageRunner}; the runner adds time and
 * energy. Fields that do not apply to a stage are null.
 */
record StageOutcome(
    Long recordsIn, Long recordsOut, Long modelBytes, Double testAccuracy,
    Map<String, Double> metrics) {

  StageOutcome {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }
}
