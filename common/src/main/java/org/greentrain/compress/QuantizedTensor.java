package org.greentrain.compress;

import java.util.Arrays;
import org.greentrain.model.NamedTensor;

/**
 * One tensor of a {@link QuantizedModel}: either fp32 values ({@link Granularity#NONE}) or
 * symmetric int8 codes with their scales, where a value is {@code code * scale}. Codes lie in
 * [-127, 127]; -128 is never used so that the range is symmetric around zero.
 *
 * <p>The arrays that do not apply to the granularity are empty, never null. The record owns its
 * arrays; callers must not mutate them after construction. Use the static factories.
 *
 * @param shape dimensions, row-major; dimension 0 is the output channel
 * @param values fp32 values when not quantized, else empty
 * @param codes int8 codes when quantized, else empty
 * @param scales one scale per output channel or one for the tensor, else empty; finite and {@code
 *     >= 0}; a zero scale marks an all-zero channel whose codes are all zero
 */
public record QuantizedTensor(
    String name,
    long[] shape,
    Granularity granularity,
    float[] values,
    byte[] codes,
    float[] scales) {

  private static final float[] NO_FLOATS = new float[0];
  private static final byte[] NO_BYTES = new byte[0];

  public QuantizedTensor {
    int size = checkedSize(name, shape);
    if (granularity == Granularity.NONE) {
      requireLength(name, "values", values.length, size);
      requireLength(name, "codes", codes.length, 0);
      requireLength(name, "scales", scales.length, 0);
    } else {
      if (shape.length == 0 && granularity == Granularity.PER_CHANNEL) {
        throw new IllegalArgumentException(
            "Cannot quantize scalar tensor " + name + " per channel: it has no dimension 0");
      }
      int channels = granularity == Granularity.PER_CHANNEL ? (int) shape[0] : 1;
      requireLength(name, "values", values.length, 0);
      requireLength(name, "codes", codes.length, size);
      requireLength(name, "scales", scales.length, channels);
      checkCodes(name, codes, scales);
    }
  }

  /** An unquantized tensor holding fp32 values. */
  public static QuantizedTensor fp32(String name, long[] shape, float[] values) {
    return new QuantizedTensor(name, shape, Granularity.NONE, values, NO_BYTES, NO_FLOATS);
  }

  /** A tensor quantized with one scale per output channel. */
  public static QuantizedTensor perChannel(
      String name, long[] shape, byte[] codes, float[] scales) {
    return new QuantizedTensor(name, shape, Granularity.PER_CHANNEL, NO_FLOATS, codes, scales);
  }

  /** A tensor quantized with a single scale. */
  public static QuantizedTensor perTensor(String name, long[] shape, byte[] codes, float scale) {
    return new QuantizedTensor(
        name, shape, Granularity.PER_TENSOR, NO_FLOATS, codes, new float[] {scale});
  }

  /** Whether the tensor holds int8 codes rather than fp32 values. */
  public boolean isQuantized() {
    return granularity != Granularity.NONE;
  }

  /** Number of values. */
  public int size() {
    return isQuantized() ? codes.length : values.length;
  }

  /** The fp32 tensor these codes stand for; a copy of the values when not quantized. */
  public NamedTensor dequantize() {
    if (!isQuantized()) {
      return new NamedTensor(name, shape.clone(), values.clone());
    }
    float[] out = new float[codes.length];
    int perScale = codes.length / scales.length;
    for (int i = 0; i < codes.length; i++) {
      out[i] = codes[i] * scales[i / perScale];
    }
    return new NamedTensor(name, shape.clone(), out);
  }

  /** Checks name and shape as {@link NamedTensor} does and returns the number of values. */
  private static int checkedSize(String name, long[] shape) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("Invalid tensor name: " + name);
    }
    long size = 1;
    for (long d : shape) {
      // Checking each step keeps the product from overflowing before it is compared.
      if (d <= 0 || d > Integer.MAX_VALUE || (size *= d) > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "Invalid shape for tensor " + name + ": " + Arrays.toString(shape));
      }
    }
    return (int) size;
  }

  private static void requireLength(String name, String field, int actual, int expected) {
    if (actual != expected) {
      throw new IllegalArgumentException(
          "Cannot create quantized tensor "
              + name
              + ": "
              + field
              + " needs length "
              + expected
              + ", got "
              + actual);
    }
  }

  private static void checkCodes(String name, byte[] codes, float[] scales) {
    int perScale = codes.length / scales.length;
    for (int c = 0; c < scales.length; c++) {
      float s = scales[c];
      if (!Float.isFinite(s) || s < 0) {
        throw new IllegalArgumentException(
            "Invalid scale for tensor " + name + " channel " + c + ": " + s);
      }
      for (int i = c * perScale; i < (c + 1) * perScale; i++) {
        if (codes[i] == Byte.MIN_VALUE || (s == 0 && codes[i] != 0)) {
          throw new IllegalArgumentException(
              "Invalid int8 code for tensor "
                  + name
                  + " at index "
                  + i
                  + " (scale "
                  + s
                  + "): "
                  + codes[i]);
        }
      }
    }
  }
}
