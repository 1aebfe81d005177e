package org.greentrain.energy.table;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * One column's values of a file being written, kept PLAIN-encoded as they arrive, and its single
 * data page (v1, uncompressed). Not thread-safe.
 */
final class ColumnChunk {

  /** A Parquet physical type with its enum value in the format's Thrift {@code Type}. */
  enum Physical {
    BOOLEAN(0),
    INT32(1),
    INT64(2),
    DOUBLE(5),
    BYTE_ARRAY(6);

    final int thrift;

    Physical(int thrift) {
      this.thrift = thrift;
    }

    /** The type Spark's own writer stores {@code type} as, null where we cannot write it. */
    static Physical of(DataType type) {
      if (type.equals(DataTypes.StringType)) {
        return BYTE_ARRAY;
      } else if (type.equals(DataTypes.LongType)) {
        return INT64;
      } else if (type.equals(DataTypes.IntegerType)) {
        return INT32;
      } else if (type.equals(DataTypes.DoubleType)) {
        return DOUBLE;
      } else if (type.equals(DataTypes.BooleanType)) {
        return BOOLEAN;
      }
      return null;
    }
  }

  final Column column;
  final Physical physical;
  private final ByteBuilder values = new ByteBuilder();
  // PLAIN booleans are bits, packed only once all are known.
  private final BitSet booleans = new BitSet();
  private int booleanCount;
  private final BitSet defined = new BitSet();
  private int rows;

  ColumnChunk(Column column, Physical physical) {
    this.column = column;
    this.physical = physical;
  }

  /** Appends one row's value, null for none; the caller has checked its type and nullability. */
  void add(Object value) {
    if (value != null) {
      defined.set(rows);
      switch (physical) {
        case BOOLEAN -> booleans.set(booleanCount++, (Boolean) value);
        case INT32 -> values.intLe((Integer) value);
        case INT64 -> values.longLe((Long) value);
        // Raw bits: NaN's payload and -0.0 are stored as given.
        case DOUBLE -> values.longLe(Double.doubleToRawLongBits((Double) value));
        case BYTE_ARRAY -> {
          byte[] utf8 = ((String) value).getBytes(StandardCharsets.UTF_8);
          values.intLe(utf8.length).write(utf8);
        }
      }
    }
    rows++;
  }

  int rows() {
    return rows;
  }

  /**
   * The data page after its header: the definition levels of an optional column (no repetition
   * levels, the column is not nested), then the values.
   */
  ByteBuilder page() {
    ByteBuilder page = new ByteBuilder(values.size() + booleanCount / 8 + 16);
    if (column.nullable()) {
      ByteBuilder levels = definitionLevels();
      page.intLe(levels.size()).write(levels);
    }
    if (physical == Physical.BOOLEAN) {
      page.write(bitPacked(booleans, booleanCount));
    } else {
      page.write(values);
    }
    return page;
  }

  /**
   * The definition levels (1 defined, 0 null) in the RLE/bit-packed hybrid of bit width 1: one RLE
   * run where all rows agree, else one bit-packed run of the rows in groups of eight, its last
   * group padded with zeros a reader ignores, as it knows the row count.
   */
  private ByteBuilder definitionLevels() {
    ByteBuilder out = new ByteBuilder();
    int definedRows = defined.cardinality();
    if (definedRows == rows || definedRows == 0) {
      out.varint((long) rows << 1).write(definedRows == 0 ? 0 : 1);
    } else {
      int groups = (rows + 7) / 8;
      out.varint((long) groups << 1 | 1).write(bitPacked(defined, groups * 8));
    }
    return out;
  }

  /** The first {@code count} bits, eight a byte, the first in each byte's least significant bit. */
  private static byte[] bitPacked(BitSet bits, int count) {
    byte[] packed = new byte[(count + 7) / 8];
    for (int i = bits.nextSetBit(0); i >= 0 && i < count; i = bits.nextSetBit(i + 1)) {
      packed[i / 8] |= (byte) (1 << (i % 8));
    }
    return packed;
  }
}
