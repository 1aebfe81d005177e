package org.greentrain.store;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one stage of a run did and cost. Energy is whole-cluster IT energy attributed to the
 * stage; {@code co2eGrams} already includes the PUE. Counts and sizes that do not apply to a
 * stage are null.
 *
 * @param metrics named figures the stage produced, e.g. {@code fp32_accuracy}
 */
public record StageReport(
    String stage,
    String startedAt,
    double wallSeconds,
    double cpuSeconds,
    double energyJoules,
    boolean estimated,
    String energyMethod,
    double co2eGrams,
    String region,
    double intensityGramsPerKwh,
    double pue,
    Long recordsIn,
    Long recordsOut,
    Long modelBytes,
    Double testAccuracy,
    Map<String, Double> metrics) {

  public StageReport {
    metrics = metrics == null ? Map.of() : new TreeMap<>(metrics);
  }

  public double energyKwh() {
    return energyJoules / 3.6e6;
  }
}
