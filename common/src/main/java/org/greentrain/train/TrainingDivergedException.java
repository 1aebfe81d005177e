package org.greentrain.train;

import java.util.Locale;
import java.util.Optional;
import org.greentrain.config.ConfigKeys;
import org.greentrain.error.UserError;

/**
 * A training whose loss became NaN or infinite: a user error (the learning rate is too high for the
 * model and data), naming where it happened. Rounds and steps are counted from 1, as the progress
 * lines count them; partitions from 0, as the shards are numbered.
 *
 * <p>Thrown in a Spark task, it reaches the driver wrapped in Spark's job failure; {@link #in}
 * finds it there so the driver can rethrow it {@link #withAdvice with the config's values}.
 */
public final class TrainingDivergedException extends UserError {

  private static final long serialVersionUID = 1L;

  private final int round;
  private final int partition;
  private final int step;
  private final float loss;

  /**
   * @param round 0-based round index
   * @param step 0-based local step index within the round
   */
  TrainingDivergedException(int round, int partition, int step, float loss) {
    this(round, partition, step, loss, "lower " + ConfigKeys.TRAIN_LEARNING_RATE);
  }

  private TrainingDivergedException(int round, int partition, int step, float loss, String advice) {
    super(
        String.format(
            Locale.ROOT,
            "Training diverged in round %d, partition %d, step %d: loss %s; %s",
            round + 1,
            partition,
            step + 1,
            loss,
            advice));
    this.round = round;
    this.partition = partition;
    this.step = step;
    this.loss = loss;
  }

  /** The same divergence, advising with the configured learning rate and warm-up. */
  public TrainingDivergedException withAdvice(double learningRate, double warmupEpochs) {
    String warmup =
        warmupEpochs > 0
            ? "lengthen the warm-up ("
                + ConfigKeys.TRAIN_WARMUP_EPOCHS
                + ", now "
                + warmupEpochs
                + ")"
            : "enable warm-up (" + ConfigKeys.TRAIN_WARMUP_EPOCHS + ")";
    return new TrainingDivergedException(
        round,
        partition,
        step,
        loss,
        "lower " + ConfigKeys.TRAIN_LEARNING_RATE + " (now " + learningRate + ") or " + warmup);
  }

  /** The divergence behind {@code e}, looking through Spark's wrapping of task failures. */
  public static Optional<TrainingDivergedException> in(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TrainingDivergedException d) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
