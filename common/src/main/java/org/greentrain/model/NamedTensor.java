package org.greentrain.model;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One named fp32 parameter tensor of a model, row-major. Dimension 0 is the output channel for
 * convolution weights {@code (out, in, kh, kw)} and dense weights {@code (out, in)}.
 *
 * <p>The record owns its arrays; callers must not mutate them after construction.
 */
public record NamedTensor(String name, long[] shape, float[] values) implements Serializable {

  public NamedTensor {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("Invalid tensor name: " + name);
    }
    long size = 1;
    for (long d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException(
            "Invalid shape for tensor " + name + ": " + Arrays.toString(shape));
      }
      size *= d;
    }
    if (size != values.length) {
      throw new IllegalArgumentException(
          "Cannot create tensor "
              + name
              + ": shape "
              + Arrays.toString(shape)
              + " needs "
              + size
              + " values, got "
              + values.length);
    }
  }

  /** Number of values. */
  public int size() {
    return values.length;
  }

  /** Size of dimension 0 (1 for a scalar). */
  public int outputChannels() {
    return shape.length == 0 ? 1 : (int) shape[0];
  }

  /** Whether this is a weight matrix or kernel (rank 2 or more), as opposed to a bias vector. */
  public boolean isWeight() {
    return shape.length >= 2;
  }
}
