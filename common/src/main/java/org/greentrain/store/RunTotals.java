package org.greentrain.store;

import java.util.List;

/**
 * What a run's row adds up from its stage reports: time, energy, carbon, embodied emissions and
 * water summed; the energy's provenance and carbon and water inputs of the last stage; the model
 * figures the stages reported. Embodied emissions and water are null when a stage's report predates
 * them (a sum without it would look complete). A resumed training's earlier attempts are beside the
 * sums, not in them: the stage rows hold the attempt that finished.
 */
record RunTotals(
    double wallSeconds,
    double cpuSeconds,
    double energyJoules,
    double nodeEnergyJoules,
    double co2eGrams,
    boolean estimated,
    String energyMethod,
    String region,
    double pue,
    Double fp32Accuracy,
    Double int8Accuracy,
    Long fp32Bytes,
    Long int8Bytes,
    Double targetAccuracy,
    Boolean reachedTarget,
    Double energyToAccuracyJoules,
    Double timeToAccuracySeconds,
    Double earlierAttemptsJoules,
    Double earlierAttemptsCo2eGrams,
    String notes,
    Double embodiedCo2eGrams,
    Double waterLitres,
    Boolean embodiedDefault,
    StageImpact impact) {

  static RunTotals of(List<StageReport> stages) {
    double wall = 0;
    double cpu = 0;
    double joules = 0;
    double nodeJoules = 0;
    double co2e = 0;
    boolean estimated = false;
    for (StageReport s : stages) {
      wall += s.wallSeconds();
      cpu += s.cpuSeconds();
      joules += s.energyJoules();
      nodeJoules += s.nodeEnergyJoules();
      co2e += s.co2eGrams();
      estimated |= s.estimated();
    }
    StageReport last = stages.isEmpty() ? null : stages.get(stages.size() - 1);
    boolean allHaveImpact = !stages.isEmpty();
    double embodied = 0;
    double water = 0;
    boolean embodiedDefault = false;
    for (StageReport s : stages) {
      if (s.impact() == null) {
        allHaveImpact = false;
      } else {
        embodied += s.impact().embodiedCo2eGrams();
        water += s.impact().waterLitres();
        embodiedDefault |= s.impact().embodiedDefault();
      }
    }
    return new RunTotals(
        wall,
        cpu,
        joules,
        nodeJoules,
        co2e,
        estimated,
        last == null ? "" : last.energyMethod(),
        last == null ? "" : last.region(),
        last == null ? 1.0 : last.pue(),
        lastMetric(stages, "fp32_accuracy"),
        lastMetric(stages, "int8_accuracy"),
        asLong(lastMetric(stages, "fp32_bytes")),
        asLong(lastMetric(stages, "int8_bytes")),
        lastMetric(stages, "target_accuracy"),
        asBoolean(lastMetric(stages, "target_reached")),
        lastMetric(stages, "energy_to_accuracy_j"),
        lastMetric(stages, "time_to_accuracy_s"),
        lastMetric(stages, "earlier_attempts_energy_j"),
        lastMetric(stages, "earlier_attempts_co2e_g"),
        notes(stages),
        allHaveImpact ? embodied : null,
        allHaveImpact ? water : null,
        allHaveImpact ? embodiedDefault : null,
        last == null ? null : last.impact());
  }

  /** fp32 bytes over int8 bytes, or null unless both are known. */
  Double compressionRatio() {
    return fp32Bytes != null && int8Bytes != null && int8Bytes > 0
        ? fp32Bytes / (double) int8Bytes
        : null;
  }

  private static Double lastMetric(List<StageReport> stages, String name) {
    Double value = null;
    for (StageReport s : stages) {
      value = s.metrics().getOrDefault(name, value);
    }
    return value;
  }

  private static Long asLong(Double value) {
    return value == null ? null : value.longValue();
  }

  private static Boolean asBoolean(Double value) {
    return value == null ? null : value != 0;
  }

  /** Each stage's notes, {@code stage: notes}, joined by {@code ; }. */
  private static String notes(List<StageReport> stages) {
    StringBuilder notes = new StringBuilder();
    for (StageReport s : stages) {
      if (!s.notes().isEmpty()) {
        notes
            .append(notes.length() == 0 ? "" : "; ")
            .append(s.stage())
            .append(": ")
            .append(s.notes());
      }
    }
    return notes.toString();
  }
}
