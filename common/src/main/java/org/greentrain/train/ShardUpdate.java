package org.greentrain.train;

import java.io.Serializable;
import java.util.List;
import org.greentrain.model.ModelWeights;

/**
 * What one shard sends back after a round: its trained weights, its optimizer moments (empty for
 * SGD), the samples it stepped over (the averaging weight), the sum of per-sample training loss,
 * and the wall time of its local steps in the task (for the round overhead split).
 */
public record ShardUpdate(
    int partition,
    ModelWeights weights,
    ModelWeights moments,
    long samples,
    double lossSum,
    long computeNanos)
    implements Serializable {

  public ShardUpdate(int partition, ModelWeights weights, long samples, double lossSum) {
    this(partition, weights, new ModelWeights(List.of()), samples, lossSum, 0);
  }
}
