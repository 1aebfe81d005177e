package org.greentrain.store;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one stage of a run did and cost. {@code energyJoules} is the IT energy of the application's
 * processes during the stage, {@code nodeEnergyJoules} that of the whole nodes (idle and other
 * processes included); {@code co2eGrams} is of the former and includes the PUE. Counts and sizes
 * that do not apply to a stage are null.
 *
 * @param metrics named figures the stage produced, e.g. {@code fp32_accuracy}
 * @param notes what a reader of the run must know, e.g. why training stopped early; may be empty
 * @param impact embodied emissions and water; null in reports written before they were recorded
 */
public record StageReport(
    String stage,
    String startedAt,
    double wallSeconds,
    double cpuSeconds,
    double energyJoules,
    double nodeEnergyJoules,
    boolean estimated,
    String energyMethod,
    double co2eGrams,
    String region,
    double intensityGramsPerKwh,
    String intensitySource,
    double pue,
    Long recordsIn,
    Long recordsOut,
    Long modelBytes,
    Double testAccuracy,
    Map<String, Double> metrics,
    String notes,
    StageImpact impact) {

  public StageReport {
    metrics = metrics == null ? Map.of() : new TreeMap<>(metrics);
    notes = notes == null ? "" : notes;
  }

  public double energyKwh() {
    return energyJoules / 3.6e6;
  }
}
