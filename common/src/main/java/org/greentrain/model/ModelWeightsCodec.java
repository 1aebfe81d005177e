package org.greentrain.model;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes {@link ModelWeights} as an fp32 model file ({@link TensorFileFormat.Kind#FP32},
 * layout in {@code docs/compression.md}). Values round-trip bit for bit. Stateless and thread-safe;
 * streams stay open.
 */
public final class ModelWeightsCodec {

  private ModelWeightsCodec() {}

  /**
   * Writes {@code weights} to {@code out}.
   *
   * @throws UncheckedIOException if writing fails
   */
  public static void write(ModelWeights weights, OutputStream out) {
    write(weights, out, TensorFileFormat.Compressor.DEFAULT);
  }

  /** Writes {@code weights} to {@code out} with the payload compressed by {@code compressor}. */
  public static void write(
      ModelWeights weights, OutputStream out, TensorFileFormat.Compressor compressor) {
    TensorFileFormat.write(
        out,
        TensorFileFormat.Kind.FP32,
        compressor,
        payload -> {
          payload.putTensorCount(weights.tensors().size());
          for (NamedTensor t : weights.tensors()) {
            payload.putTensorHeader(t.name(), t.shape(), Storage.FP32);
            payload.putFloats(t.values());
          }
        });
  }

  /**
   * Reads fp32 weights from {@code in}, to its end.
   *
   * @param sourceName names the file in error messages
   * @throws org.greentrain.error.UserError if the bytes are not an intact fp32 model file
   * @throws UncheckedIOException if reading fails
   */
  public static ModelWeights read(InputStream in, String sourceName) {
    PayloadReader payload = TensorFileFormat.read(in, sourceName, TensorFileFormat.Kind.FP32);
    int count = payload.readTensorCount();
    // Not pre-sized: the count is bounded by the payload, but need not be honest.
    List<NamedTensor> tensors = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      PayloadReader.TensorHeader header = payload.readTensorHeader();
      if (header.storage() != Storage.FP32) {
        throw payload.invalid(
            "tensor " + header.name() + " has storage " + header.storage() + " in an fp32 file");
      }
      float[] values = payload.readFloats(header.size(), "values of tensor " + header.name());
      tensors.add(new NamedTensor(header.name(), header.shape(), values));
    }
    payload.finish();
    return new ModelWeights(tensors);
  }
}
