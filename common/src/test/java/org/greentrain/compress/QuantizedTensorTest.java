package org.greentrain.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuantizedTensorTest {

  private static final long[] SHAPE = {2, 2};

  @Test
  void dequantizesCodeTimesChannelScale() {
    QuantizedTensor t =
        QuantizedTensor.perChannel("w", SHAPE, new byte[] {1, -2, 127, 0}, new float[] {0.5f, 2f});

    assertThat(t.dequantize().values()).containsExactly(0.5f, -1f, 254f, 0f);
    assertThat(t.isQuantized()).isTrue();
    assertThat(t.size()).isEqualTo(4);
  }

  @Test
  void rejectsMinusOneTwentyEight() {
    assertThatThrownBy(() -> QuantizedTensor.perTensor("w", SHAPE, new byte[] {0, -128, 0, 0}, 1f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid int8 code for tensor w at index 1 (scale 1.0): -128");
  }

  @Test
  void rejectsNonZeroCodeUnderZeroScale() {
    assertThatThrownBy(
            () ->
                QuantizedTensor.perChannel(
                    "w", SHAPE, new byte[] {1, 1, 0, 3}, new float[] {1f, 0f}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid int8 code for tensor w at index 3 (scale 0.0): 3");
  }

  @Test
  void rejectsNegativeOrNonFiniteScale() {
    assertThatThrownBy(() -> QuantizedTensor.perTensor("w", SHAPE, new byte[4], -1f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid scale for tensor w channel 0: -1.0");
    assertThatThrownBy(() -> QuantizedTensor.perTensor("w", SHAPE, new byte[4], Float.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid scale for tensor w channel 0: NaN");
  }

  @Test
  void rejectsScaleCountOtherThanChannels() {
    assertThatThrownBy(() -> QuantizedTensor.perChannel("w", SHAPE, new byte[4], new float[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot create quantized tensor w: scales needs length 2, got 3");
  }

  @Test
  void rejectsValueCountOtherThanShape() {
    assertThatThrownBy(() -> QuantizedTensor.fp32("b", new long[] {3}, new float[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot create quantized tensor b: values needs length 3, got 2");
  }

  @Test
  void rejectsShapeTooLargeForAnArray() {
    long[] huge = {1L << 20, 1L << 20};
    assertThatThrownBy(() -> QuantizedTensor.perTensor("w", huge, new byte[4], 1f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid shape for tensor w: [1048576, 1048576]");
  }
}
