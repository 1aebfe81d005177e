package org.greentrain.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.NamedTensor;
import org.greentrain.model.TestWeights;
import org.junit.jupiter.api.Test;

class Int8QuantizerTest {

  @Test
  void perChannelErrorIsAtMostHalfTheChannelScale() {
    ModelWeights weights = TestWeights.smallNet(1);
    QuantizedModel quantized = Int8Quantizer.quantizePerChannel(weights);
    ModelWeights restored = quantized.dequantize();

    for (int t = 0; t < weights.tensors().size(); t++) {
      NamedTensor original = weights.tensors().get(t);
      QuantizedTensor q = quantized.tensors().get(t);
      if (!original.isWeight()) {
        continue;
      }
      assertThat(q.granularity()).isEqualTo(Granularity.PER_CHANNEL);
      assertThat(q.scales()).hasSize(original.outputChannels());
      assertWithinHalfScale(original, q, restored.tensors().get(t));
    }
  }

  @Test
  void perTensorErrorIsAtMostHalfTheTensorScale() {
    ModelWeights weights = TestWeights.smallNet(2);
    QuantizedModel quantized = Int8Quantizer.quantizePerTensor(weights);
    ModelWeights restored = quantized.dequantize();

    NamedTensor fc = weights.tensors().get(2);
    QuantizedTensor q = quantized.tensors().get(2);
    assertThat(q.granularity()).isEqualTo(Granularity.PER_TENSOR);
    assertThat(q.scales()).hasSize(1);
    assertWithinHalfScale(fc, q, restored.tensors().get(2));
  }

  @Test
  void biasesStayExactFp32InOrder() {
    ModelWeights weights = TestWeights.smallNet(3);
    QuantizedModel quantized = Int8Quantizer.quantizePerChannel(weights);
    ModelWeights restored = quantized.dequantize();

    assertThat(quantized.tensors())
        .extracting(QuantizedTensor::name)
        .containsExactly("conv1.weight", "conv1.bias", "fc.weight", "fc.bias");
    assertThat(quantized.tensors())
        .extracting(QuantizedTensor::granularity)
        .containsExactly(
            Granularity.PER_CHANNEL, Granularity.NONE, Granularity.PER_CHANNEL, Granularity.NONE);
    assertThat(restored.tensors().get(1).values()).isEqualTo(weights.tensors().get(1).values());
    assertThat(restored.tensors().get(3).values()).isEqualTo(weights.tensors().get(3).values());
    assertThat(restored.tensors().get(2).shape()).containsExactly(10, 120);
    assertThat(restored.parameterCount()).isEqualTo(weights.parameterCount());
  }

  @Test
  void largestMagnitudeOfEachChannelMapsToFullCode() {
    NamedTensor w =
        new NamedTensor("w", new long[] {2, 3}, new float[] {0.5f, -2f, 1f, 3f, 1f, 0f});
    QuantizedTensor q = quantizeOne(w, true);

    assertThat(q.scales()).containsExactly(2f / 127, 3f / 127);
    assertThat(q.codes()).containsExactly(32, -127, 64, 127, 42, 0);
  }

  @Test
  void zeroChannelGetsZeroScaleAndDequantizesToExactZeros() {
    float[] values = {0.3f, -0.1f, 0f, 0f, 0f, 0f, 1e-3f, 0f, -2e-3f};
    NamedTensor w = new NamedTensor("fc.weight", new long[] {3, 3}, values);
    QuantizedTensor q = quantizeOne(w, true);
    float[] restored = q.dequantize().values();

    assertThat(q.scales()[1]).isEqualTo(0f);
    assertThat(q.codes()[3]).isZero();
    assertThat(q.codes()[4]).isZero();
    assertThat(q.codes()[5]).isZero();
    // Exact positive zeros, not merely small values.
    for (int i = 3; i < 6; i++) {
      assertThat(Float.floatToRawIntBits(restored[i])).isZero();
    }
    // The neighbouring channel keeps its own scale, set by its largest magnitude.
    assertThat(q.scales()[2]).isEqualTo(2e-3f / 127);
    assertThat(restored[8]).isEqualTo(-2e-3f);
  }

  @Test
  void allZeroTensorPerTensorDequantizesToZeros() {
    NamedTensor w = new NamedTensor("w", new long[] {2, 2}, new float[4]);
    QuantizedTensor q = quantizeOne(w, false);

    assertThat(q.scales()).containsExactly(0f);
    assertThat(q.dequantize().values()).containsExactly(0f, 0f, 0f, 0f);
  }

  @Test
  void perChannelBeatsPerTensorWhenChannelRangesDiffer() {
    Random random = new Random(7);
    float[] values = new float[2 * 64];
    for (int i = 0; i < 64; i++) {
      values[i] = (float) (random.nextGaussian() * 100);
      values[64 + i] = (float) (random.nextGaussian() * 0.01);
    }
    NamedTensor w = new NamedTensor("conv.weight", new long[] {2, 64}, values);

    float[] perChannel = quantizeOne(w, true).dequantize().values();
    float[] perTensor = quantizeOne(w, false).dequantize().values();

    assertThat(squaredError(values, perChannel, 64, 128))
        .isLessThan(squaredError(values, perTensor, 64, 128) / 1000);
    assertThat(squaredError(values, perChannel, 0, 128))
        .isLessThan(squaredError(values, perTensor, 0, 128));
  }

  @Test
  void rejectsNaNNamingTensorAndIndex() {
    float[] values = new float[6];
    values[4] = Float.NaN;
    ModelWeights weights =
        new ModelWeights(List.of(new NamedTensor("fc.weight", new long[] {2, 3}, values)));

    assertThatThrownBy(() -> Int8Quantizer.quantizePerChannel(weights))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot quantize tensor fc.weight: value at index 4 is NaN");
  }

  @Test
  void rejectsInfinityInBias() {
    ModelWeights weights =
        new ModelWeights(
            List.of(
                new NamedTensor(
                    "fc.bias", new long[] {3}, new float[] {0f, Float.NEGATIVE_INFINITY, 1f})));

    assertThatThrownBy(() -> Int8Quantizer.quantizePerTensor(weights))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot quantize tensor fc.bias: value at index 1 is -Infinity");
  }

  private static QuantizedTensor quantizeOne(NamedTensor t, boolean perChannel) {
    ModelWeights weights = new ModelWeights(List.of(t));
    QuantizedModel model =
        perChannel
            ? Int8Quantizer.quantizePerChannel(weights)
            : Int8Quantizer.quantizePerTensor(weights);
    return model.tensors().get(0);
  }

  private static void assertWithinHalfScale(
      NamedTensor original, QuantizedTensor q, NamedTensor restored) {
    float[] w = original.values();
    float[] r = restored.values();
    int perScale = w.length / q.scales().length;
    for (int i = 0; i < w.length; i++) {
      float scale = q.scales()[i / perScale];
      // One ulp of slack for the rounding of code * scale to float.
      float bound = scale / 2 + Math.ulp(Math.abs(w[i]));
      assertThat(Math.abs(w[i] - r[i]))
          .as("%s[%d] = %s restored as %s, scale %s", original.name(), i, w[i], r[i], scale)
          .isLessThanOrEqualTo(bound);
      assertThat(q.codes()[i]).isBetween((byte) -127, (byte) 127);
    }
  }

  private static double squaredError(float[] expected, float[] actual, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      double d = expected[i] - actual[i];
      sum += d * d;
    }
    return sum;
  }
}
