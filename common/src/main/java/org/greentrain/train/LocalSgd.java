package org.greentrain.train;

import org.greentrain.model.ModelWeights;
import org.greentrain.model.NamedTensor;
import org.greentrain.model.WeightAverage;

/**
 * Synchronous local SGD (periodic model averaging): every round each shard starts from the
 * current weights, takes its local steps, and the sample-weighted average of the shards'
 * weights becomes the next round's start. How a round reaches the shards (Spark tasks, or
 * threads in a test) is the {@link RoundRunner}'s business.
 */
public final class LocalSgd {

  /** Runs one round on every shard and returns the sum of their updates. */
  @FunctionalInterface
  public interface RoundRunner {
    WeightAverage run(int round, ModelWeights start, TrainParams params);
  }

  /** Told after every round, on the driver thread. Hooks default to no-ops. */
  public interface RoundListener {
    default void onRound(RoundResult result) {}
  }

  private final TrainParams base;
  private final LearningRateSchedule schedule;
  private final WeightConstraint constraint;

  public LocalSgd(TrainParams base, LearningRateSchedule schedule) {
    this(base, schedule, WeightConstraint.NONE);
  }

  /**
   * Local SGD whose averaged weights are passed through {@code constraint} after every round.
   * The runner must enforce the same constraint within its local steps.
   */
  public LocalSgd(TrainParams base, LearningRateSchedule schedule, WeightConstraint constraint) {
    this.base = base;
    this.schedule = schedule;
    this.constraint = constraint;
  }

  /** Trains from {@code initial} for all rounds of the schedule. */
  public ModelWeights run(ModelWeights initial, RoundRunner runner, RoundListener listener) {
    ModelWeights weights = initial;
    for (int round = 0; round < schedule.rounds(); round++) {
      long start = System.nanoTime();
      double lr = schedule.rate(round);
      WeightAverage sum = runner.run(round, weights, base.withLearningRate(lr));
      // Averaging keeps zeros that every shard kept, but the constraint is the contract.
      weights = constraint.apply(sum.average());
      checkFinite(weights, round);
      listener.onRound(
          new RoundResult(
              round, schedule.rounds(), lr, sum.meanLoss(), sum.samples(),
              (System.nanoTime() - start) / 1e9));
    }
    return weights;
  }

  private static void checkFinite(ModelWeights weights, int round) {
    for (NamedTensor t : weights.tensors()) {
      for (float v : t.values()) {
        if (!Float.isFinite(v)) {
          throw new IllegalStateException(
              "Training diverged: averaged weights of " + t.name() + " are not finite after"
                  + " round " + round + "; lower train.learning-rate");
        }
      }
    }
  }
}
