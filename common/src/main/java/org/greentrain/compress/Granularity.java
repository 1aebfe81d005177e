package org.greentrain.compress;

/** How many int8 scales a {@link QuantizedTensor} carries. */
public enum Granularity {
  /** One scale per output channel (dimension 0). */
  PER_CHANNEL,
  /** One scale for the whole tensor. */
  PER_TENSOR,
  /** Not quantized: the tensor keeps its fp32 values. */
  NONE
}
