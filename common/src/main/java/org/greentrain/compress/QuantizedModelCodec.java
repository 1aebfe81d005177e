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
 * Reads and writes a {@link QuantizedModel} as an int8 model file ({@link
 * TensorFileFormat.Kind#INT8}, layout in {@code docs/compression.md}). Codes, scales and fp32
 * biases round-trip exactly. A tensor whose codes are mostly zero, as after pruning, is stored
 * sparse (a bitmap of the non-zero positions, then only the non-zero codes) when that is smaller
 * than its dense codes. New files are format version 3; versions 1 and 2 still read. Stateless and
 * thread-safe; streams stay open.
 */
public final class QuantizedModelCodec {

  private QuantizedModelCodec() {}

  /**
   * Writes {@code model} to {@code out}.
   *
   * @throws UncheckedIOException if writing fails
   */
  public static void write(QuantizedModel model, OutputStream out) {
    write(model, out, TensorFileFormat.Compressor.DEFAULT);
  }

  /** Writes {@code model} to {@code out} with the payload compressed by {@code compressor}. */
  public static void write(
      QuantizedModel model, OutputStream out, TensorFileFormat.Compressor compressor) {
    write(model, out, true, compressor);
  }

  /** Writes {@code model}, never choosing sparse storage when {@code allowSparse} is false. */
  static void write(
      QuantizedModel model,
      OutputStream out,
      boolean allowSparse,
      TensorFileFormat.Compressor compressor) {
    List<Storage> storages = new ArrayList<>(model.tensors().size());
    for (QuantizedTensor t : model.tensors()) {
      storages.add(allowSparse ? smallestStorage(t) : denseStorage(t.granularity()));
    }
    TensorFileFormat.write(
        out,
        TensorFileFormat.Kind.INT8,
        compressor,
        payload -> {
          payload.putTensorCount(model.tensors().size());
          for (int i = 0; i < storages.size(); i++) {
            writeTensor(payload, model.tensors().get(i), storages.get(i));
          }
        });
  }

  /**
   * Reads an int8 model from {@code in}, to its end.
   *
   * @param sourceName names the file in error messages
   * @throws org.greentrain.error.UserError if the bytes are not an intact int8 model file
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

  private static void writeTensor(PayloadWriter payload, QuantizedTensor t, Storage storage)
      throws IOException {
    payload.putTensorHeader(t.name(), t.shape(), storage);
    if (!t.isQuantized()) {
      payload.putFloats(t.values());
      return;
    }
    payload.putFloats(t.scales());
    if (storage.isSparse()) {
      SparseCodes sparse = SparseCodes.of(t.codes());
      payload.putInt(sparse.nonZero().length);
      payload.putBytes(sparse.bitmap());
      payload.putBytes(sparse.nonZero());
    } else {
      payload.putBytes(t.codes());
    }
  }

  /**
   * Sparse storage when its uncompressed bytes (count, bitmap, non-zero codes) are fewer than the
   * dense codes. Deflate later shrinks both; comparing before it keeps the choice cheap and
   * predictable, and the bitmap form also deflates better once zeros dominate.
   */
  private static Storage smallestStorage(QuantizedTensor t) {
    Storage dense = denseStorage(t.granularity());
    if (!t.isQuantized()) {
      return dense;
    }
    long nonZero = 0;
    for (byte c : t.codes()) {
      nonZero += c != 0 ? 1 : 0;
    }
    Storage sparse = sparseStorage(t.granularity());
    return sparse.minDataBytes(t.size()) + nonZero < t.size() ? sparse : dense;
  }

  private static QuantizedTensor readTensor(PayloadReader payload) {
    PayloadReader.TensorHeader h = payload.readTensorHeader();
    String name = h.name();
    if (h.storage() == Storage.FP32) {
      return QuantizedTensor.fp32(
          name, h.shape(), payload.readFloats(h.size(), "values of tensor " + name));
    }
    boolean perChannel = granularityOf(h.storage()) == Granularity.PER_CHANNEL;
    if (perChannel && h.shape().length == 0) {
      throw payload.invalid("scalar tensor " + name + " cannot be quantized per channel");
    }
    int scaleCount = perChannel ? (int) h.shape()[0] : 1;
    float[] scales = payload.readFloats(scaleCount, "scales of tensor " + name);
    byte[] codes =
        h.storage().isSparse()
            ? SparseCodes.read(payload, name, h.size())
            : payload.readBytes(h.size(), "codes of tensor " + name);
    try {
      return new QuantizedTensor(
          name, h.shape(), granularityOf(h.storage()), new float[0], codes, scales);
    } catch (IllegalArgumentException e) {
      // QuantizedTensor checks codes and scales; the message should still name the file.
      throw payload.invalid(e);
    }
  }

  private static Storage denseStorage(Granularity granularity) {
    return switch (granularity) {
      case PER_CHANNEL -> Storage.INT8_PER_CHANNEL;
      case PER_TENSOR -> Storage.INT8_PER_TENSOR;
      case NONE -> Storage.FP32;
    };
  }

  private static Storage sparseStorage(Granularity granularity) {
    return switch (granularity) {
      case PER_CHANNEL -> Storage.INT8_PER_CHANNEL_SPARSE;
      case PER_TENSOR -> Storage.INT8_PER_TENSOR_SPARSE;
      case NONE -> Storage.FP32;
    };
  }

  private static Granularity granularityOf(Storage storage) {
    return switch (storage) {
      case INT8_PER_CHANNEL, INT8_PER_CHANNEL_SPARSE -> Granularity.PER_CHANNEL;
      case INT8_PER_TENSOR, INT8_PER_TENSOR_SPARSE -> Granularity.PER_TENSOR;
      case FP32 -> Granularity.NONE;
    };
  }
}
