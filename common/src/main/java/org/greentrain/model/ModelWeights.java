package org.greentrain.model;

import java.io.Serializable;
import java.util.List;

/**
 * The parameters of a model in a fixed order, as the model definition lists them. This is the
 * engine-independent form that is averaged, checkpointed, compressed and broadcast.
 */
public record ModelWeights(List<NamedTensor> tensors) implements Serializable {

  public ModelWeights {
    tensors = List.copyOf(tensors);
  }

  /** Total number of parameters. */
  public long parameterCount() {
    long n = 0;
    for (NamedTensor t : tensors) {
      n += t.size();
    }
    return n;
  }

  /** Number of parameters that are not exactly zero. */
  public long nonZeroCount() {
    long n = 0;
    for (NamedTensor t : tensors) {
      for (float v : t.values()) {
        if (v != 0f) {
          n++;
        }
      }
    }
    return n;
  }
}
