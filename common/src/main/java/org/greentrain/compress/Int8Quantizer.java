package org.greentrain.compress;

import java.util.ArrayList;
import java.util.List;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.NamedTensor;

/**
 * Symmetric int8 post-training quantization of model weights. A weight tensor (rank 2 or more)
 * becomes codes {@code q = round(w / scale)} in [-127, 127] with {@code scale = max|w| / 127}, so
 * that every weight is recovered within {@code scale / 2}. Biases (rank below 2) stay fp32: they
 * are few and sensitive to error.
 *
 * <p>Stateless and thread-safe.
 */
public final class Int8Quantizer {

  private static final int MAX_CODE = 127;

  private Int8Quantizer() {}

  /**
   * Quantizes each weight tensor with one scale per output channel (dimension 0), which keeps a
   * channel with small weights precise when a neighbour has large ones.
   *
   * @throws IllegalArgumentException if any value is NaN or infinite
   */
  public static QuantizedModel quantizePerChannel(ModelWeights weights) {
    return quantize(weights, Granularity.PER_CHANNEL);
  }

  /**
   * Quantizes each weight tensor with a single scale, for comparison with {@link
   * #quantizePerChannel}.
   *
   * @throws IllegalArgumentException if any value is NaN or infinite
   */
  public static QuantizedModel quantizePerTensor(ModelWeights weights) {
    return quantize(weights, Granularity.PER_TENSOR);
  }

  private static QuantizedModel quantize(ModelWeights weights, Granularity granularity) {
    List<QuantizedTensor> out = new ArrayList<>(weights.tensors().size());
    for (NamedTensor t : weights.tensors()) {
      // Biases are checked too: a non-finite bias would travel silently into the artifact.
      requireFinite(t);
      out.add(t.isWeight() ? quantizeTensor(t, granularity) : fp32Copy(t));
    }
    return new QuantizedModel(out);
  }

  private static QuantizedTensor fp32Copy(NamedTensor t) {
    return QuantizedTensor.fp32(t.name(), t.shape().clone(), t.values().clone());
  }

  private static QuantizedTensor quantizeTensor(NamedTensor t, Granularity granularity) {
    float[] values = t.values();
    int groups = granularity == Granularity.PER_CHANNEL ? t.outputChannels() : 1;
    int perGroup = values.length / groups;
    byte[] codes = new byte[values.length];
    float[] scales = new float[groups];
    for (int g = 0; g < groups; g++) {
      int from = g * perGroup;
      scales[g] = quantizeRange(values, codes, from, from + perGroup);
    }
    return granularity == Granularity.PER_CHANNEL
        ? QuantizedTensor.perChannel(t.name(), t.shape().clone(), codes, scales)
        : QuantizedTensor.perTensor(t.name(), t.shape().clone(), codes, scales[0]);
  }

  /** Fills {@code codes[from, to)} and returns the scale of that range. */
  private static float quantizeRange(float[] values, byte[] codes, int from, int to) {
    float maxAbs = 0f;
    for (int i = from; i < to; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(values[i]));
    }
    float scale = maxAbs / MAX_CODE;
    if (scale == 0f) {
      // All zeros (or values so small the scale underflows): codes stay 0 and decode to 0.
      return 0f;
    }
    for (int i = from; i < to; i++) {
      // Divide in double so the rounding is decided by the exact ratio, not a rounded float.
      long q = Math.round(values[i] / (double) scale);
      codes[i] = (byte) Math.max(-MAX_CODE, Math.min(MAX_CODE, q));
    }
    return scale;
  }

  private static void requireFinite(NamedTensor t) {
    float[] values = t.values();
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "Cannot quantize tensor " + t.name() + ": value at index " + i + " is " + values[i]);
      }
    }
  }
}
