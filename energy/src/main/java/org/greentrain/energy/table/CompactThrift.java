package org.greentrain.energy.table;

import java.nio.charset.StandardCharsets;

/**
 * Writes Thrift structs in the compact protocol, the encoding of Parquet's page headers and footer,
 * by hand: the few field types those need (i32 and enums, i64, strings, lists, structs), so the
 * plugin needs no Thrift library. The caller writes the fields of each struct in ascending id
 * order, as the protocol's id deltas require, and ends every struct it begins. Not thread-safe.
 */
final class CompactThrift {

  /** Compact protocol type codes, in field headers and list headers. */
  static final int I32 = 5;

  static final int I64 = 6;
  static final int BINARY = 8;
  static final int LIST = 9;
  static final int STRUCT = 12;

  private final ByteBuilder out;
  // The last field id of each open struct: field headers hold the delta from it.
  private final int[] lastIds = new int[8];
  private int depth;

  /** Starts writing the fields of a top-level struct to {@code out}. */
  CompactThrift(ByteBuilder out) {
    this.out = out;
  }

  CompactThrift i32(int id, int value) {
    field(id, I32);
    out.varint(zigzag(value));
    return this;
  }

  CompactThrift i64(int id, long value) {
    field(id, I64);
    out.varint(zigzag(value));
    return this;
  }

  CompactThrift string(int id, String value) {
    field(id, BINARY);
    return stringElement(value);
  }

  /** A struct field; its fields follow, then {@link #end()}. */
  CompactThrift struct(int id) {
    field(id, STRUCT);
    return structElement();
  }

  /** A list field of {@code size} elements of {@code elementType}, which follow. */
  CompactThrift list(int id, int elementType, int size) {
    field(id, LIST);
    if (size < 15) {
      out.write(size << 4 | elementType);
    } else {
      out.write(0xF0 | elementType).varint(size);
    }
    return this;
  }

  CompactThrift i32Element(int value) {
    out.varint(zigzag(value));
    return this;
  }

  CompactThrift stringElement(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.varint(utf8.length).write(utf8);
    return this;
  }

  /** A struct as a list element (no field header); its fields follow, then {@link #end()}. */
  CompactThrift structElement() {
    if (depth == lastIds.length - 1) {
      throw new IllegalStateException("Cannot nest Thrift structs deeper than " + depth);
    }
    lastIds[++depth] = 0;
    return this;
  }

  /** Ends the innermost open struct, or the top-level one. */
  CompactThrift end() {
    out.write(0);
    if (depth > 0) {
      depth--;
    }
    return this;
  }

  private void field(int id, int type) {
    int delta = id - lastIds[depth];
    if (delta > 0 && delta <= 15) {
      out.write(delta << 4 | type);
    } else {
      // The long form: the type alone, then the id as a zigzag i16.
      out.write(type).varint(zigzag(id));
    }
    lastIds[depth] = id;
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }
}
