package org.greentrain.store;

/**
 * One trial of {@code greentrain tune} as the {@code tuning_trials} table records it.
 *
 * @param trial 1-based, in the order the trials ran
 * @param settings the settings the trial changed, as a JSON object with sorted keys
 * @param reached whether a round's validation accuracy reached {@code targetAccuracy}
 * @param accuracy the best validation accuracy of the trial's rounds (the reaching round's, when it
 *     reached the target)
 * @param energyToAccuracyJoules training energy from its start to the end of the reaching round;
 *     null when the target was not reached or the energy plugin had no measurement
 * @param timeToAccuracySeconds wall time of training to the end of the reaching round; null when
 *     the target was not reached
 * @param energyJoules the whole trial's energy: its row of {@code stage_energy}
 * @param seconds the whole trial's wall time
 * @param co2eGrams carbon of {@code energyJoules}
 * @param stoppedEarly whether the trial was stopped by its energy limit (tune.beta times the least
 *     energy to accuracy before it, or train.energy-budget-kwh)
 * @param pareto no other trial of the run has an accuracy at least as high with at most as much
 *     energy, one of them strictly
 * @param recommended the trial whose settings were recommended
 */
public record TuningTrial(
    int trial,
    String settings,
    double targetAccuracy,
    boolean reached,
    double accuracy,
    Double energyToAccuracyJoules,
    Double timeToAccuracySeconds,
    double energyJoules,
    double seconds,
    double co2eGrams,
    int rounds,
    boolean stoppedEarly,
    boolean pareto,
    boolean recommended,
    String notes) {

  /** This trial with its place among the others decided. */
  public TuningTrial ranked(boolean onParetoFront, boolean isRecommended) {
    return new TuningTrial(
        trial,
        settings,
        targetAccuracy,
        reached,
        accuracy,
        energyToAccuracyJoules,
        timeToAccuracySeconds,
        energyJoules,
        seconds,
        co2eGrams,
        rounds,
        stoppedEarly,
        onParetoFront,
        isRecommended,
        notes);
  }
}
