package org.greentrain.compress;

/**
 * Gradual pruning: the sparsity to reach after each of {@code steps} pruning steps, rising from 0
 * to {@code target} along the cubic curve of Zhu and Gupta, "To prune, or not to prune: exploring
 * the efficacy of pruning for model compression" (arXiv:1710.01878, 2017): {@code s(t) = target *
 * (1 - (1 - t / steps)^3)}. It prunes fast while many weights are redundant and slowly near the
 * target, leaving fine-tuning time to recover between steps.
 *
 * @param target the final sparsity, in [0, 1)
 * @param steps number of pruning steps, at least 1
 */
public record PruningSchedule(double target, int steps) {

  public PruningSchedule {
    if (!(target >= 0 && target < 1)) {
      throw new IllegalArgumentException(
          "Invalid pruning schedule: target sparsity must be in [0, 1), got " + target);
    }
    if (steps < 1) {
      throw new IllegalArgumentException(
          "Invalid pruning schedule: steps must be at least 1, got " + steps);
    }
  }

  /**
   * The sparsity after step {@code step}: 0 at step 0, {@code target} at step {@code steps}.
   *
   * @throws IllegalArgumentException if {@code step} is outside [0, steps]
   */
  public double sparsityAt(int step) {
    if (step < 0 || step > steps) {
      throw new IllegalArgumentException(
          "Cannot compute pruning sparsity: step " + step + " is outside [0, " + steps + "]");
    }
    if (step == steps) {
      // Exactly the target, whatever the rounding of the curve.
      return target;
    }
    double remaining = 1 - (double) step / steps;
    return target * (1 - remaining * remaining * remaining);
  }
}
