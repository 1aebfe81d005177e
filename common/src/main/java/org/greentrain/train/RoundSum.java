package org.greentrain.train;

import java.io.Serializable;
import org.greentrain.model.WeightAverage;

/**
 * The sample-weighted sums of a round's shard updates: weights and optimizer moments, merged in any
 * order by Spark's tree aggregation.
 */
public final class RoundSum implements Serializable {

  private final WeightAverage weights;
  private final WeightAverage moments;
  private long slowestComputeNanos;

  public RoundSum() {
    this(new WeightAverage(), new WeightAverage());
  }

  private RoundSum(WeightAverage weights, WeightAverage moments) {
    this.weights = weights;
    this.moments = moments;
  }

  /** A sum without optimizer moments, from a runner that only averages weights. */
  public static RoundSum ofWeights(WeightAverage weights) {
    return new RoundSum(weights, new WeightAverage());
  }

  public RoundSum add(ShardUpdate u) {
    weights.add(u.weights(), u.samples(), u.lossSum());
    moments.add(u.moments(), u.samples(), 0);
    slowestComputeNanos = Math.max(slowestComputeNanos, u.computeNanos());
    return this;
  }

  public RoundSum merge(RoundSum other) {
    weights.merge(other.weights);
    moments.merge(other.moments);
    slowestComputeNanos = Math.max(slowestComputeNanos, other.slowestComputeNanos);
    return this;
  }

  /** In-task time of the slowest shard's local steps, 0 when the runner does not say. */
  public double slowestComputeSeconds() {
    return slowestComputeNanos / 1e9;
  }

  public WeightAverage weights() {
    return weights;
  }

  /** The averaged state: weights, and moments when the shards sent any. */
  public TrainState average() {
    TrainState averaged = TrainState.of(weights.average());
    return moments.samples() == 0
        ? averaged
        : new TrainState(averaged.weights(), moments.average());
  }
}
