package org.greentrain.jobs.report;

import java.util.List;
import org.greentrain.store.TuningTrial;

/**
 * What a report shows, read from the tables ({@link ReportTables}): the stages of one run, where
 * their energy went, its training rounds and model variants, the recent runs, and the run LATEST
 * points at.
 *
 * @param stages the run's rows of stage_energy, in pipeline order
 * @param splits each stage's energy by part, from task_energy, in pipeline order; empty when the
 *     run has no task_energy rows (the energy plugin was off)
 * @param trend the last runs of the runs table, oldest first; includes {@code run}
 * @param rounds the run's rows of training_rounds, by round; empty if it did not train
 * @param variants the run's rows of evaluations, largest file first; empty if it was not evaluated
 * @param tuning the latest tuning run's trials, or null when the warehouse holds none
 */
record ReportData(
    Run run,
    List<Stage> stages,
    List<EnergySplit.Share> splits,
    List<Run> trend,
    List<Round> rounds,
    List<CompressionReportPage.Point> variants,
    LatestComparison latest,
    Tuning tuning) {

  /**
   * One stage_energy row; energy in J, CO2e and embodied CO2e in g, water in L, times in s (the
   * embodied CO2e and water null in rows written before they were recorded).
   */
  record Stage(
      String stage,
      String startedAt,
      double wallS,
      double energyJ,
      double nodeEnergyJ,
      double co2eG,
      Double embodiedG,
      Double waterL) {}

  /**
   * One runs row; accuracies and sizes are null where the run did not get that far, embodied CO2e
   * (g), water (L) and whether the embodied figure is the default hardware's where the row predates
   * them; the energy (J) and CO2e (g) of a resumed training's earlier attempts, beside the sums, 0
   * without a resume and null where the row predates them.
   */
  record Run(
      String runId,
      String runDate,
      String startedAt,
      String status,
      double wallS,
      double energyKwh,
      double co2eG,
      boolean estimated,
      String region,
      Double fp32Accuracy,
      Double int8Accuracy,
      Long fp32Bytes,
      Long int8Bytes,
      Double embodiedG,
      Double waterL,
      Boolean embodiedDefault,
      Double earlierAttemptsJ,
      Double earlierAttemptsCo2eG) {}

  /** One training_rounds row; validation accuracy and energy are null where not recorded. */
  record Round(int round, double trainLoss, Double validationAccuracy, Double energyJ) {}

  /**
   * The trials of a {@code greentrain tune} run, as its tuning_trials rows hold them.
   *
   * @param trials by trial number; at least one
   */
  record Tuning(String runId, List<TuningTrial> trials) {}
}
