package org.greentrain.train;

import java.io.Serializable;
import java.util.List;
import org.greentrain.model.ModelWeights;

/**
 * What a round starts from and what averaging produces: the weights and the optimizer state that
 * lasts across rounds (Adam's moments, tensors {@code adam.m.<name>} and {@code adam.v.<name>};
 * empty for SGD, whose momentum restarts every round).
 */
public record TrainState(ModelWeights weights, ModelWeights moments) implements Serializable {

  /** No optimizer state: the start of SGD, or of Adam (whose moments start at zero). */
  public static TrainState of(ModelWeights weights) {
    return new TrainState(weights, new ModelWeights(List.of()));
  }

  public boolean hasMoments() {
    return !moments.tensors().isEmpty();
  }
}
