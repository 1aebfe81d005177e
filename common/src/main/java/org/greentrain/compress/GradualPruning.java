package org.greentrain.compress;

import org.greentrain.model.ModelWeights;
import org.greentrain.runtime.WeightConstraint;

/**
 * Prune, fine-tune, repeat: in each of {@code steps} steps the model is pruned to the next sparsity
 * of a cubic {@link PruningSchedule} and then fine-tuned with the mask held fixed. Pruning
 * gradually lets the remaining weights take over from the removed ones, which costs less accuracy
 * than removing all at once. With 0 steps the model is pruned once, untuned.
 */
public final class GradualPruning {

  /** Fine-tunes weights while keeping a constraint; the Spark trainer in production. */
  @FunctionalInterface
  public interface FineTuner {
    /**
     * Trains from {@code start} for one step of the schedule, enforcing {@code constraint}.
     *
     * @param step the pruning step, from 1
     */
    ModelWeights fineTune(ModelWeights start, WeightConstraint constraint, int step);
  }

  private GradualPruning() {}

  /**
   * Prunes {@code trained} to {@code target} sparsity over {@code steps} fine-tuned steps.
   *
   * @return the fine-tuned pruned weights and the final mask
   */
  public static MagnitudePruner.Result run(
      ModelWeights trained, double target, int steps, boolean exemptFirstLayer, FineTuner tuner) {
    if (steps == 0) {
      return MagnitudePruner.prune(trained, target, exemptFirstLayer);
    }
    PruningSchedule schedule = new PruningSchedule(target, steps);
    ModelWeights weights = trained;
    PruningMask mask = null;
    for (int step = 1; step <= steps; step++) {
      // Zeros of earlier steps are the smallest magnitudes, so each mask contains the last.
      MagnitudePruner.Result pruned =
          MagnitudePruner.prune(weights, schedule.sparsityAt(step), exemptFirstLayer);
      mask = pruned.mask();
      weights = mask.apply(tuner.fineTune(pruned.weights(), mask.asConstraint(), step));
    }
    return new MagnitudePruner.Result(weights, mask);
  }
}
