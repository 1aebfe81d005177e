package org.greentrain.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.ModelWeightsCodec;
import org.greentrain.model.Storage;
import org.greentrain.model.TensorFileFormat;
import org.greentrain.model.TestWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuantizedModelCodecTest {

  private static final String SOURCE = "model-int8.gtmw";

  @Test
  void perChannelRoundTripThroughAFileIsExact(@TempDir Path dir) throws IOException {
    QuantizedModel model = Int8Quantizer.quantizePerChannel(TestWeights.smallNet(21));
    Path file = dir.resolve(SOURCE);

    try (OutputStream out = Files.newOutputStream(file)) {
      QuantizedModelCodec.write(model, out);
    }
    QuantizedModel read;
    try (InputStream in = Files.newInputStream(file)) {
      read = QuantizedModelCodec.read(in, file.toString());
    }

    QuantizedAssertions.assertSameTensors(read, model);
  }

  @Test
  void perTensorRoundTripIsExact() {
    QuantizedModel model = Int8Quantizer.quantizePerTensor(TestWeights.smallNet(22));

    QuantizedAssertions.assertSameTensors(read(write(model)), model);
  }

  @Test
  void zeroScaleChannelRoundTrips() {
    QuantizedModel model =
        new QuantizedModel(
            List.of(
                QuantizedTensor.perChannel(
                    "w", new long[] {2, 2}, new byte[] {0, 0, 5, -127}, new float[] {0f, 0.25f})));

    QuantizedAssertions.assertSameTensors(read(write(model)), model);
  }

  @Test
  void fp32FileIsRefusedNamingItsKind() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelWeightsCodec.write(TestWeights.smallNet(23), out);

    assertThatThrownBy(() -> read(out.toByteArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read model-int8.gtmw as int8 quantized weights: it holds fp32 weights");
  }

  @Test
  void truncatedFileIsRefused() {
    byte[] file = write(Int8Quantizer.quantizePerChannel(TestWeights.smallNet(24)));

    for (int cut : new int[] {0, 3, 9, 10, file.length / 2, file.length - 12, file.length - 1}) {
      assertThatThrownBy(() -> read(Arrays.copyOf(file, cut)))
          .as("cut at %d of %d", cut, file.length)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("Cannot read model-int8.gtmw: truncated ");
    }
  }

  @Test
  void invalidCodesInAnIntactFileAreRefusedNamingTheFile() {
    byte[] file =
        frame(
            p -> {
              p.putTensorCount(1);
              p.putTensorHeader("fc.weight", new long[] {1, 2}, Storage.INT8_PER_TENSOR);
              p.putFloats(new float[] {0.5f});
              p.putBytes(new byte[] {3, -128});
            });

    assertThatThrownBy(() -> read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read model-int8.gtmw: Invalid int8 code for tensor fc.weight at"
                + " index 1 (scale 0.5): -128");
  }

  @Test
  void invalidScaleInAnIntactFileIsRefused() {
    byte[] file =
        frame(
            p -> {
              p.putTensorCount(1);
              p.putTensorHeader("w", new long[] {2, 1}, Storage.INT8_PER_CHANNEL);
              p.putFloats(new float[] {0.5f, Float.POSITIVE_INFINITY});
              p.putBytes(new byte[] {1, 1});
            });

    assertThatThrownBy(() -> read(file))
        .hasMessage("Cannot read model-int8.gtmw: Invalid scale for tensor w channel 1: Infinity");
  }

  @Test
  void perChannelScalarIsRefused() {
    byte[] file =
        frame(
            p -> {
              p.putTensorCount(1);
              p.putTensorHeader("s", new long[0], Storage.INT8_PER_CHANNEL);
              p.putBytes(new byte[5]);
            });

    assertThatThrownBy(() -> read(file))
        .hasMessage("Cannot read model-int8.gtmw: scalar tensor s cannot be quantized per channel");
  }

  @Test
  void int8FileIsAtLeastThreeAndAHalfTimesSmallerThanFp32() {
    // About 200k Gaussian weights: random mantissas barely deflate, so the gain is the int8 one.
    Random random = new Random(25);
    ModelWeights weights =
        new ModelWeights(
            List.of(
                TestWeights.gaussian("conv.weight", random, 0.05, 64, 32, 3, 3),
                TestWeights.gaussian("conv.bias", random, 0.01, 64),
                TestWeights.gaussian("fc.weight", random, 0.02, 256, 700),
                TestWeights.gaussian("fc.bias", random, 0.01, 256)));
    ByteArrayOutputStream fp32 = new ByteArrayOutputStream();
    ModelWeightsCodec.write(weights, fp32);
    byte[] int8 = write(Int8Quantizer.quantizePerChannel(weights));

    CompressionReport report = new CompressionReport("int8-per-channel", fp32.size(), int8.length);

    assertThat(weights.parameterCount()).isBetween(195_000L, 205_000L);
    assertThat(report.ratio())
        .as("fp32 %d bytes, int8 %d bytes", fp32.size(), int8.length)
        .isGreaterThan(3.5);
  }

  private static byte[] frame(TensorFileFormat.Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TensorFileFormat.write(out, TensorFileFormat.Kind.INT8, body);
    return out.toByteArray();
  }

  private static byte[] write(QuantizedModel model) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    QuantizedModelCodec.write(model, out, TensorFileFormat.Compressor.DEFLATE);
    return out.toByteArray();
  }

  private static QuantizedModel read(byte[] file) {
    return QuantizedModelCodec.read(new ByteArrayInputStream(file), SOURCE);
  }
}
