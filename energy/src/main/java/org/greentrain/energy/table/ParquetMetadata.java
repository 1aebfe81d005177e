package org.greentrain.energy.table;

import java.util.List;

/**
 * The Thrift structs of a Parquet file that {@link ParquetFileWriter} writes: a data page's {@code
 * PageHeader} and the footer's {@code FileMetaData}, with the field ids of apache/parquet-format's
 * parquet.thrift. Only the fields our files use: no statistics, no key-value metadata.
 */
final class ParquetMetadata {

  /** Thrift {@code Encoding}s. */
  private static final int PLAIN = 0;

  private static final int RLE = 3;

  /** Thrift {@code PageType.DATA_PAGE}, {@code CompressionCodec.UNCOMPRESSED}. */
  private static final int DATA_PAGE = 0;

  private static final int UNCOMPRESSED = 0;

  /** Thrift {@code FieldRepetitionType}s, {@code ConvertedType.UTF8}. */
  private static final int REQUIRED = 0;

  private static final int OPTIONAL = 1;
  private static final int UTF8 = 0;

  /** The version parquet-mr writes; format features beyond it (page v2) are not used. */
  private static final int FILE_VERSION = 1;

  /**
   * A column chunk as written: its page header's offset in the file and the bytes of header and
   * page together.
   */
  record Written(ColumnChunk chunk, long offset, long size) {}

  private ParquetMetadata() {}

  /** The {@code PageHeader} of a v1 data page of {@code rows} values (nulls included). */
  static ByteBuilder pageHeader(int rows, int pageSize) {
    ByteBuilder out = new ByteBuilder(32);
    new CompactThrift(out)
        .i32(1, DATA_PAGE)
        .i32(2, pageSize)
        .i32(3, pageSize) // compressed size: the same, uncompressed
        .struct(5) // DataPageHeader
        .i32(1, rows)
        .i32(2, PLAIN)
        // Levels of a flat column: definitions where it is optional, never repetitions; RLE for
        // both, the encoding readers expect of v1 levels.
        .i32(3, RLE)
        .i32(4, RLE)
        .end()
        .end();
    return out;
  }

  /**
   * The footer: the schema of {@code name}'s {@code columns}, and one row group of {@code chunks},
   * none where there are no rows (as parquet-mr writes an empty file).
   */
  static ByteBuilder fileMetaData(
      String name, List<ColumnChunk> columns, long rows, List<Written> chunks, String createdBy) {
    ByteBuilder out = new ByteBuilder(64 * columns.size() + 64);
    CompactThrift t = new CompactThrift(out).i32(1, FILE_VERSION);
    schema(t, name, columns);
    t.i64(3, rows).list(4, CompactThrift.STRUCT, chunks.isEmpty() ? 0 : 1);
    if (!chunks.isEmpty()) {
      rowGroup(t, rows, chunks);
    }
    t.string(6, createdBy).end();
    return out;
  }

  /** The schema as its tree flattened depth first: the root, then one leaf per column. */
  private static void schema(CompactThrift t, String name, List<ColumnChunk> columns) {
    t.list(2, CompactThrift.STRUCT, columns.size() + 1)
        .structElement()
        .string(4, name)
        .i32(5, columns.size())
        .end();
    for (ColumnChunk c : columns) {
      t.structElement()
          .i32(1, c.physical.thrift)
          .i32(3, c.column.nullable() ? OPTIONAL : REQUIRED)
          .string(4, c.column.name());
      if (c.physical == ColumnChunk.Physical.BYTE_ARRAY) {
        // Both spellings of "UTF-8 text": old readers know the converted type only.
        t.i32(6, UTF8).struct(10).struct(1).end().end(); // LogicalType { STRING: StringType {} }
      }
      t.end();
    }
  }

  private static void rowGroup(CompactThrift t, long rows, List<Written> chunks) {
    long bytes = chunks.stream().mapToLong(Written::size).sum();
    t.structElement().list(1, CompactThrift.STRUCT, chunks.size());
    for (Written w : chunks) {
      // file_offset: where the chunk starts, as parquet-mr sets it.
      t.structElement().i64(2, w.offset()).struct(3);
      columnMetaData(t, w);
      t.end().end();
    }
    t.i64(2, bytes).i64(3, rows).i64(5, chunks.get(0).offset()).i64(6, bytes).end();
  }

  private static void columnMetaData(CompactThrift t, Written w) {
    ColumnChunk c = w.chunk();
    t.i32(1, c.physical.thrift)
        .list(2, CompactThrift.I32, 2)
        .i32Element(PLAIN)
        .i32Element(RLE)
        .list(3, CompactThrift.BINARY, 1)
        .stringElement(c.column.name())
        .i32(4, UNCOMPRESSED)
        .i64(5, c.rows())
        .i64(6, w.size())
        .i64(7, w.size())
        .i64(9, w.offset());
  }
}
