package org.greentrain.energy.table;

import java.util.Arrays;

/**
 * A growing byte array with the few primitive writes a Parquet file needs: little-endian fixed
 * widths (page values, lengths) and unsigned LEB128 varints (Thrift's compact protocol, RLE run
 * headers). Not thread-safe.
 */
final class ByteBuilder {

  private byte[] bytes;
  private int size;

  ByteBuilder() {
    this(64);
  }

  ByteBuilder(int capacity) {
    bytes = new byte[Math.max(16, capacity)];
  }

  int size() {
    return size;
  }

  ByteBuilder write(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
    return this;
  }

  ByteBuilder write(byte[] b) {
    return write(b, 0, b.length);
  }

  ByteBuilder write(byte[] b, int offset, int length) {
    ensure(length);
    System.arraycopy(b, offset, bytes, size, length);
    size += length;
    return this;
  }

  ByteBuilder write(ByteBuilder other) {
    return write(other.bytes, 0, other.size);
  }

  ByteBuilder intLe(int v) {
    ensure(4);
    for (int i = 0; i < 4; i++) {
      bytes[size++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  ByteBuilder longLe(long v) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      bytes[size++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  /** {@code v} as an unsigned LEB128 varint: seven bits a byte, low bits first. */
  ByteBuilder varint(long v) {
    while ((v & ~0x7FL) != 0) {
      write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    return write((int) v);
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      // Overflow past 2 GB fails in copyOf, which is right: a file of ours is never that large.
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
