package org.greentrain.train;

import java.util.Optional;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.NamedTensor;
import org.greentrain.model.WeightAverage;
import org.greentrain.runtime.WeightConstraint;

/**
 * Synchronous local SGD (periodic model averaging): every round each shard starts from the current
 * state (weights and, for Adam, moments), takes its local steps, and the sample-weighted average of
 * the shards' states becomes the next round's start. How a round reaches the shards (Spark tasks,
 * or threads in a test) is the {@link RoundRunner}'s business.
 *
 * <p>With a {@link Validator}, the averaged weights are validated after every round, the best
 * round's weights are the ones training returns, and {@link EarlyStopping} may end it early.
 */
public final class LocalSgd {

  /** Runs one round on every shard and returns the sum of their updates. */
  @FunctionalInterface
  public interface RoundRunner {
    WeightAverage run(int round, ModelWeights start, TrainParams params);

    /**
     * Runs one round from a full training state. The default suits optimizers without state across
     * rounds (SGD): it runs from the weights alone.
     */
    default RoundSum run(int round, TrainState start, TrainParams params) {
      return RoundSum.ofWeights(run(round, start.weights(), params));
    }
  }

  /** Accuracy of weights on held-out data, in [0, 1]; called on the driver thread. */
  @FunctionalInterface
  public interface Validator {
    double accuracy(ModelWeights weights);
  }

  /** Told after every round, on the driver thread. Hooks default to no-ops. */
  public interface RoundListener {
    default void onRound(RoundResult result) {}

    /** The averaged weights after a round. */
    default void onAveraged(RoundResult result, ModelWeights weights) {}

    /** Everything training needs to continue after a round, e.g. to checkpoint it. */
    default void onSnapshot(RoundResult result, Snapshot snapshot) {}

    /** A reason to stop training after this round (e.g. an energy budget), or empty. */
    default Optional<String> stopAfter(RoundResult result) {
      return Optional.empty();
    }
  }

  /**
   * Training as it stands after some rounds: the averaged state and, when validating, the best
   * round so far (null before the first validation or without validation).
   */
  public record Snapshot(TrainState state, EarlyStopping.Best best) {

    public static Snapshot start(ModelWeights weights) {
      return new Snapshot(TrainState.of(weights), null);
    }
  }

  /**
   * How training ended.
   *
   * @param weights the weights kept: the best validated round's when validating, else the last
   * @param stopReason why it stopped before the planned rounds, or empty if it ran them all
   */
  public record Outcome(ModelWeights weights, int roundsRun, Optional<String> stopReason) {}

  private final TrainParams base;
  private final LearningRateSchedule schedule;
  private final WeightConstraint constraint;
  private final Validator validator;
  private final EarlyStopping earlyStopping;

  public LocalSgd(TrainParams base, LearningRateSchedule schedule) {
    this(base, schedule, WeightConstraint.NONE);
  }

  /**
   * Local SGD whose averaged weights are passed through {@code constraint} after every round. The
   * runner must enforce the same constraint within its local steps.
   */
  public LocalSgd(TrainParams base, LearningRateSchedule schedule, WeightConstraint constraint) {
    this(base, schedule, constraint, null, new EarlyStopping(0, 0));
  }

  private LocalSgd(
      TrainParams base,
      LearningRateSchedule schedule,
      WeightConstraint constraint,
      Validator validator,
      EarlyStopping earlyStopping) {
    this.base = base;
    this.schedule = schedule;
    this.constraint = constraint;
    this.validator = validator;
    this.earlyStopping = earlyStopping;
  }

  /** The same training, validating after every round and stopping early as {@code stopping}. */
  public LocalSgd withValidation(Validator validator, EarlyStopping stopping) {
    return new LocalSgd(base, schedule, constraint, validator, stopping);
  }

  /** Trains from {@code initial} for all rounds of the schedule. */
  public ModelWeights run(ModelWeights initial, RoundRunner runner, RoundListener listener) {
    return train(initial, runner, listener).weights();
  }

  /**
   * Trains from {@code initial} for the rounds of the schedule, or until the listener or early
   * stopping gives a reason to stop after a round.
   */
  public Outcome train(ModelWeights initial, RoundRunner runner, RoundListener listener) {
    return train(initial, 0, runner, listener);
  }

  /** Resumes from weights alone (SGD without validation); see the snapshot form. */
  public Outcome train(
      ModelWeights weights, int firstRound, RoundRunner runner, RoundListener listener) {
    return train(Snapshot.start(weights), firstRound, runner, listener);
  }

  /**
   * Trains from {@code from} as it was after round {@code firstRound - 1}, running rounds {@code
   * firstRound} onwards. Everything a round uses derives from the snapshot, the schedule and (seed,
   * round, partition), so resuming from a checkpointed snapshot gives the same model as an
   * uninterrupted run.
   */
  public Outcome train(Snapshot from, int firstRound, RoundRunner runner, RoundListener listener) {
    if (firstRound < 0 || firstRound > schedule.rounds()) {
      throw new IllegalArgumentException(
          "Invalid first round " + firstRound + " of " + schedule.rounds());
    }
    TrainState state = from.state();
    EarlyStopping.Best best = from.best();
    for (int round = firstRound; round < schedule.rounds(); round++) {
      long startMs = System.currentTimeMillis();
      long start = System.nanoTime();
      double lr = schedule.rate(round);
      RoundSum sum = runner.run(round, state, base.withLearningRate(lr));
      TrainState averaged = sum.average();
      // Averaging keeps zeros that every shard kept, but the constraint is the contract.
      state = new TrainState(constraint.apply(averaged.weights()), averaged.moments());
      checkFinite(state.weights(), round);
      long trainedNs = System.nanoTime() - start;
      double accuracy = Double.NaN;
      if (validator != null) {
        accuracy = validator.accuracy(state.weights());
        best = earlyStopping.observe(best, round, accuracy, state.weights());
      }
      RoundResult result =
          new RoundResult(
              round,
              schedule.rounds(),
              lr,
              sum.weights().meanLoss(),
              sum.weights().samples(),
              (System.nanoTime() - start) / 1e9,
              startMs,
              System.currentTimeMillis(),
              accuracy,
              (System.nanoTime() - start - trainedNs) / 1e9,
              sum.slowestComputeSeconds());
      listener.onRound(result);
      listener.onAveraged(result, state.weights());
      listener.onSnapshot(result, new Snapshot(state, best));
      Optional<String> stop = listener.stopAfter(result);
      if (stop.isEmpty() && best != null) {
        stop = earlyStopping.stopAfter(best, round);
      }
      if (stop.isPresent() && round + 1 < schedule.rounds()) {
        return new Outcome(kept(state, best), round + 1, stop);
      }
    }
    return new Outcome(kept(state, best), schedule.rounds(), Optional.empty());
  }

  private static ModelWeights kept(TrainState state, EarlyStopping.Best best) {
    return best == null ? state.weights() : best.weights();
  }

  private static void checkFinite(ModelWeights weights, int round) {
    for (NamedTensor t : weights.tensors()) {
      for (float v : t.values()) {
        if (!Float.isFinite(v)) {
          throw new IllegalStateException(
              "Training diverged: averaged weights of "
                  + t.name()
                  + " are not finite after"
                  + " round "
                  + round
                  + "; lower train.learning-rate");
        }
      }
    }
  }
}
