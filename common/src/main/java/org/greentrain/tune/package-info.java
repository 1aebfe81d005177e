/**
 * Tuning for energy: {@code greentrain tune} trains candidate settings to {@code
 * train.target-accuracy} on the same augmented data, one trial after another, records each trial in
 * {@code tuning_trials} and its energy under its own stage label, and recommends the settings that
 * reached the target with the least energy. The choice of trials ({@link
 * org.greentrain.tune.Trials}), the Pareto front ({@link org.greentrain.tune.ParetoFront}) and the
 * recommendation ({@link org.greentrain.tune.Recommendation}) are plain Java; {@link
 * org.greentrain.tune.TuningRun} runs the trials on Spark.
 */
package org.greentrain.tune;
