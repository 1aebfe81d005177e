package org.greentrain.train;

import java.util.Optional;
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

    /** The averaged weights after a round, e.g. to checkpoint them. */
    default void onAveraged(RoundResult result, ModelWeights weights) {}

    /** A reason to stop training after this round (e.g. an energy budget), or empty. */
    default Optional<String> stopAfter(RoundResult result) {
      return Optional.empty();
    }
  }

  /**
   * How training ended.
   *
   * @param stopReason why it stopped before the planned rounds, or empty if it ran them all
   */
  public record Outcome(ModelWeights weights, int roundsRun, Optional<String> stopReason) {}

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
    return train(initial, runner, listener).weights();
  }

  /**
   * Trains from {@code initial} for the rounds of the schedule, or until the listener gives a
   * reason to stop after a round.
   */
  public Outcome train(ModelWeights initial, RoundRunner runner, RoundListener listener) {
    return train(initial, 0, runner, listener);
  }

  /**
   * Trains from {@code weights} as they were after round {@code firstRound - 1}, running rounds
   * {@code firstRound} onwards. Everything a round uses derives from the weights, the schedule
   * and (seed, round, partition), so resuming from a checkpoint gives the same model as an
   * uninterrupted run.
   */
  public Outcome train(
      ModelWeights weights, int firstRound, RoundRunner runner, RoundListener listener) {
    if (firstRound < 0 || firstRound > schedule.rounds()) {
      throw new IllegalArgumentException(
          "Invalid first round " + firstRound + " of " + schedule.rounds());
    }
    for (int round = firstRound; round < schedule.rounds(); round++) {
      long startMs = System.currentTimeMillis();
      long start = System.nanoTime();
      double lr = schedule.rate(round);
      WeightAverage sum = runner.run(round, weights, base.withLearningRate(lr));
      // Averaging keeps zeros that every shard kept, but the constraint is the contract.
      weights = constraint.apply(sum.average());
      checkFinite(weights, round);
      RoundResult result =
          new RoundResult(
              round, schedule.rounds(), lr, sum.meanLoss(), sum.samples(),
              (System.nanoTime() - start) / 1e9, startMs, System.currentTimeMillis());
      listener.onRound(result);
      listener.onAveraged(result, weights);
      Optional<String> stop = listener.stopAfter(result);
      if (stop.isPresent() && round + 1 < schedule.rounds()) {
        return new Outcome(weights, round + 1, stop);
      }
    }
    return new Outcome(weights, schedule.rounds(), Optional.empty());
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
