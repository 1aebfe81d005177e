package org.greentrain.energy.table;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bytes worked out by hand from the Thrift compact protocol's specification. */
class CompactThriftTest {

  private static int[] unsigned(byte[] bytes) {
    int[] u = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      u[i] = bytes[i] & 0xFF;
    }
    return u;
  }

  @Test
  void fieldsAreIdDeltasAndTypesAndValuesZigzagVarints() {
    ByteBuilder out = new ByteBuilder();
    new CompactThrift(out)
        .i32(1, 0)
        .i32(2, -1)
        .i64(20, 300) // a delta of 18: the long form
        .string(21, "é")
        .list(22, CompactThrift.I32, 2)
        .i32Element(3)
        .i32Element(-64)
        .struct(23)
        .i32(1, 7) // ids start again inside a struct
        .end()
        .i32(25, 1) // and continue from 23 after it
        .end();

    assertThat(unsigned(out.toByteArray()))
        .containsExactly(
            0x15, 0x00, // 1: i32 0
            0x15, 0x01, // 2: i32 -1, zigzag 1
            0x06, 0x28, 0xD8, 0x04, // i64, id 20 zigzag 40, 300 zigzag 600 = 0x58 | 4 << 7
            0x18, 0x02, 0xC3, 0xA9, // 21: binary of 2 bytes, UTF-8 é
            0x19, 0x25, 0x06, 0x7F, // 22: list of 2 i32, 3 and -64 (zigzag 6, 127)
            0x1C, 0x15, 0x0E, 0x00, // 23: struct { 1: i32 7 }
            0x25, 0x02, // 25: i32 1
            0x00); // stop
  }

  @Test
  void aListOfFifteenOrMoreHoldsItsSizeAfterTheHeader() {
    ByteBuilder out = new ByteBuilder();
    CompactThrift t = new CompactThrift(out).list(1, CompactThrift.STRUCT, 15);
    for (int i = 0; i < 15; i++) {
      t.structElement().end();
    }
    t.end();

    byte[] bytes = out.toByteArray();
    assertThat(unsigned(bytes)).startsWith(0x19, 0xFC, 0x0F);
    assertThat(bytes).hasSize(3 + 15 + 1);
  }

  @Test
  void varintsTakeSevenBitsAByteLowFirst() {
    assertThat(unsigned(new ByteBuilder().varint(0).varint(127).varint(128).toByteArray()))
        .containsExactly(0x00, 0x7F, 0x80, 0x01);
    assertThat(unsigned(new ByteBuilder().varint(0xFFFF_FFFFL).toByteArray()))
        .containsExactly(0xFF, 0xFF, 0xFF, 0xFF, 0x0F);
  }
}
