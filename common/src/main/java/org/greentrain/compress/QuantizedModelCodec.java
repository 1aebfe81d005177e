package org.greentrain.compress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.greentrain.model.PayloadReader;
import org.greentrain.model.PayloadWriter;
import org.greentrain.model.Storage;
import org.greentrain.model.TensorFileFormat;

/**
 * Reads and writes a {@link QuantizedModel} as an int8 model file
 * ({@link TensorFileFormat.Kind#INT8}, layout in {@code docs/compression.md}). Codes, scales and
 * fp32 biases round-trip exactly. Stateless and thread-safe; streams stay open.
 */
public final class QuantizedModelCodec {

  private QuantizedModelCodec() {}

  /**
   * Writes {@code model} to {@code out}.
   *
   * @throws UncheckedIOException if writing fails
   */
  public static void write(QuantizedModel model, OutputStream out) {
    TensorFileFormat.write(out, TensorFileFormat.Kind.INT8, payload -> {
      payload.putTensorCount(model.tensors().size());
      for (QuantizedTensor t : model.tensors()) {
        writeTensor(payload, t);
      }
    });
  }

  /**
   * Reads an int8 model from {@code in}, to its end.
   *
   * @param sourceName names the file in error messages
   * @throws IllegalArgumentException if the bytes are not an intact int8 model file
   * @throws UncheckedIOException if reading fails
   */
  public static QuantizedModel read(InputStream in, String sourceName) {
    PayloadReader payload = TensorFileFormat.read(in, sourceName, TensorFileFormat.Kind.INT8);
    int count = payload.readTensorCount();
    // Not pre-sized: the count is bounded by the payload, but need not be honest.
    List<QuantizedTensor> tensors = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      tensors.add(readTensor(payload));
    }
    payload.finish();
    return new QuantizedModel(tensors);
  }

  private static void writeTensor(PayloadWriter payload, QuantizedTensor t) throws IOException {
    payload.putTensorHeader(t.name(), t.shape(), storageOf(t.granularity()));
    if (t.isQuantized()) {
      payload.putFloats(t.scales());
      payload.putBytes(t.codes());
    } else {
      payload.putFloats(t.values());
    }
  }

  private static QuantizedTensor readTensor(PayloadReader payload) {
    PayloadReader.TensorHeader h = payload.readTensorHeader();
    String name = h.name();
    if (h.storage() == Storage.FP32) {
      return QuantizedTensor.fp32(name, h.shape(),
          payload.readFloats(h.size(), "values of tensor " + name));
    }
    if (h.storage() == Storage.INT8_PER_CHANNEL && h.shape().length == 0) {
      throw payload.invalid("scalar tensor " + name + " cannot be quantized per channel");
    }
    int scaleCount = h.storage() == Storage.INT8_PER_CHANNEL ? (int) h.shape()[0] : 1;
    float[] scales = payload.readFloats(scaleCount, "scales of tensor " + name);
    byte[] codes = payload.readBytes(h.size(), "codes of tensor " + name);
    try {
      return new QuantizedTensor(
          name, h.shape(), granularityOf(h.storage()), new float[0], codes, scales);
    } catch (IllegalArgumentException e) {
      // QuantizedTensor checks codes and scales; the message should still name the file.
      throw payload.invalid(e);
    }
  }

  private static Storage storageOf(Granularity granularity) {
    return switch (granularity) {
      case PER_CHANNEL -> Storage.INT8_PER_CHANNEL;
      case PER_TENSOR -> Storage.INT8_PER_TENSOR;
      case NONE -> Storage.FP32;
    };
  }

  private static Granularity granularityOf(Storage storage) {
    return switch (storage) {
      case INT8_PER_CHANNEL -> Granularity.PER_CHANNEL;
      case INT8_PER_TENSOR -> Granularity.PER_TENSOR;
      case FP32 -> Granularity.NONE;
    };
  }
}
