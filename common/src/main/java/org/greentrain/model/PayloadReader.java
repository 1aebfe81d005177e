package org.greentrain.model;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.greentrain.error.UserError;

/**
 * Reads the verified, uncompressed payload of a model file ({@link TensorFileFormat}). Every count
 * and length is checked against the bytes that remain before anything is allocated, and the decoded
 * tensors together against the file's {@link InflationBound}, so a hostile file fails with {@link
 * UserError} rather than exhausting memory. Errors name the source file. Not thread-safe.
 */
public final class PayloadReader {

  /** Name length, rank and storage code: the least a tensor can take. */
  private static final int MIN_TENSOR_BYTES = Integer.BYTES + 1 + Integer.BYTES + 1;

  private final ByteBuffer payload;
  private final String source;
  private final int version;
  private final InflationBound bound;
  private long decodedBytes;

  PayloadReader(ByteBuffer payload, String source, int version, InflationBound bound) {
    this.payload = payload;
    this.source = source;
    this.version = version;
    this.bound = bound;
  }

  /** The format version the file's header states. */
  public int version() {
    return version;
  }

  /**
   * A tensor's header as stored.
   *
   * @param size the number of values, which the caller reads next
   */
  public record TensorHeader(String name, long[] shape, Storage storage, int size) {}

  /** Reads the number of tensors that follow. */
  public int readTensorCount() {
    int count = readInt("tensor count");
    if (count < 0 || count > payload.remaining() / MIN_TENSOR_BYTES) {
      throw invalid(
          "impossible tensor count " + count + " for " + payload.remaining() + " remaining bytes");
    }
    return count;
  }

  /**
   * Reads a tensor's name, shape and storage, and checks that the shape's values fit in what
   * remains of the payload.
   */
  public TensorHeader readTensorHeader() {
    int nameLength = readInt("tensor name length");
    if (nameLength <= 0 || nameLength > payload.remaining()) {
      throw invalid("impossible tensor name length " + nameLength);
    }
    String name = decodeName(nameLength);
    int rank = readInt("rank of tensor " + name);
    if (rank < 0 || rank > payload.remaining() / Long.BYTES) {
      throw invalid("impossible rank " + rank + " for tensor " + name);
    }
    long[] shape = new long[rank];
    long size = 1;
    for (int i = 0; i < rank; i++) {
      shape[i] = readLong("shape of tensor " + name);
      // Checked per step so the product cannot overflow before the comparison.
      if (shape[i] <= 0 || shape[i] > Integer.MAX_VALUE || (size *= shape[i]) > Integer.MAX_VALUE) {
        throw invalid(
            "impossible shape for tensor "
                + name
                + ": "
                + Arrays.toString(Arrays.copyOf(shape, i + 1)));
      }
    }
    Storage storage = readStorage(name);
    if (storage.minDataBytes(size) > payload.remaining()) {
      throw invalid(
          "tensor "
              + name
              + " of shape "
              + Arrays.toString(shape)
              + " needs "
              + storage.minDataBytes(size)
              + " bytes but only "
              + payload.remaining()
              + " remain");
    }
    // Sparse codes decode to up to 8 times their bitmap: the decoded tensors are bounded as well.
    decodedBytes += size * storage.decodedBytesPerValue();
    if (decodedBytes > bound.bytes()) {
      throw invalid(
          "tensor "
              + name
              + " brings the decoded tensors to "
              + decodedBytes
              + " bytes, which exceeds "
              + bound.describe());
    }
    return new TensorHeader(name, shape, storage, (int) size);
  }

  /** Reads {@code count} fp32 values; {@code what} names them in errors. */
  public float[] readFloats(int count, String what) {
    require((long) count * Float.BYTES, what);
    float[] values = new float[count];
    payload.asFloatBuffer().get(values);
    payload.position(payload.position() + count * Float.BYTES);
    return values;
  }

  /** Reads {@code count} raw bytes; {@code what} names them in errors. */
  public byte[] readBytes(int count, String what) {
    require(count, what);
    byte[] bytes = new byte[count];
    payload.get(bytes);
    return bytes;
  }

  /** Reads a signed 32-bit integer, such as a count of non-zero values. */
  public int readInt(String what) {
    require(Integer.BYTES, what);
    return payload.getInt();
  }

  /** Checks that the payload holds nothing after the last tensor. */
  public void finish() {
    if (payload.hasRemaining()) {
      throw invalid(payload.remaining() + " unexpected bytes after the last tensor");
    }
  }

  /** An error naming the source file: "Cannot read source: problem". */
  public UserError invalid(String problem) {
    return new UserError("Cannot read " + source + ": " + problem);
  }

  /** Wraps a value's own validation error so that it names the source file. */
  public UserError invalid(IllegalArgumentException cause) {
    return new UserError("Cannot read " + source + ": " + cause.getMessage(), cause);
  }

  private Storage readStorage(String tensor) {
    require(1, "storage of tensor " + tensor);
    int code = payload.get() & 0xff;
    for (Storage s : Storage.values()) {
      if (s.code() == code) {
        if (s.sinceVersion() > version) {
          throw invalid(
              "storage code "
                  + code
                  + " of tensor "
                  + tensor
                  + " needs format version "
                  + s.sinceVersion()
                  + ", the file is version "
                  + version);
        }
        return s;
      }
    }
    throw invalid("unknown storage code " + code + " for tensor " + tensor);
  }

  private String decodeName(int length) {
    ByteBuffer utf8 = payload.slice().limit(length);
    payload.position(payload.position() + length);
    try {
      // Strict decoding: a name with broken UTF-8 means the bytes are not what was written.
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(utf8);
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw invalid("tensor name is not valid UTF-8");
    }
  }

  private long readLong(String what) {
    require(Long.BYTES, what);
    return payload.getLong();
  }

  private void require(long bytes, String what) {
    if (bytes > payload.remaining()) {
      throw invalid(
          what
              + " needs "
              + bytes
              + " bytes but only "
              + payload.remaining()
              + " remain in the payload");
    }
  }
}
