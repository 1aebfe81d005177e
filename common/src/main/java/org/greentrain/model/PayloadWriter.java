package org.greentrain.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Writes the uncompressed payload of a model file ({@link TensorFileFormat}), little-endian,
 * keeping its CRC32 and length for the trailer. Obtained inside {@link TensorFileFormat#write}; not
 * thread-safe.
 */
public final class PayloadWriter {

  private final OutputStream sink;
  private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
  private final CRC32 crc = new CRC32();
  private final int version;
  private long length;

  PayloadWriter(OutputStream sink, int version) {
    this.sink = sink;
    this.version = version;
  }

  /** Writes the number of tensors that follow. */
  public void putTensorCount(int count) throws IOException {
    putInt(count);
  }

  /** Writes a tensor's name (length-prefixed UTF-8), rank, dimensions and storage code. */
  public void putTensorHeader(String name, long[] shape, Storage storage) throws IOException {
    if (storage.sinceVersion() > version) {
      throw new IllegalArgumentException(
          "Cannot write tensor "
              + name
              + ": storage "
              + storage
              + " needs format version "
              + storage.sinceVersion()
              + ", the file is version "
              + version);
    }
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    putInt(utf8.length);
    putBytes(utf8);
    putInt(shape.length);
    for (long d : shape) {
      putLong(d);
    }
    putByte(storage.code());
  }

  /** Writes fp32 values. */
  public void putFloats(float[] values) throws IOException {
    for (float v : values) {
      room(Float.BYTES);
      buffer.putFloat(v);
    }
  }

  /** Writes raw bytes such as int8 codes. */
  public void putBytes(byte[] bytes) throws IOException {
    for (int from = 0; from < bytes.length; ) {
      room(1);
      int n = Math.min(buffer.remaining(), bytes.length - from);
      buffer.put(bytes, from, n);
      from += n;
    }
  }

  /** Writes a signed 32-bit integer, such as a count of non-zero values. */
  public void putInt(int v) throws IOException {
    room(Integer.BYTES);
    buffer.putInt(v);
  }

  void putLong(long v) throws IOException {
    room(Long.BYTES);
    buffer.putLong(v);
  }

  void putByte(int v) throws IOException {
    room(1);
    buffer.put((byte) v);
  }

  void flush() throws IOException {
    int n = buffer.position();
    if (length + n > TensorFileFormat.MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException(
          "Cannot write model file: payload exceeds the limit of "
              + TensorFileFormat.MAX_PAYLOAD_BYTES
              + " bytes");
    }
    crc.update(buffer.array(), 0, n);
    sink.write(buffer.array(), 0, n);
    length += n;
    buffer.clear();
  }

  long crc() {
    return crc.getValue();
  }

  long length() {
    return length;
  }

  private void room(int bytes) throws IOException {
    if (buffer.remaining() < bytes) {
      flush();
    }
  }
}
