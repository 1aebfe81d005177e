package org.greentrain.energy.table;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes rows of a table's stored columns as one Parquet file in memory: one row group, one v1
 * data page a column, PLAIN values, uncompressed, no statistics. It exists so that the energy
 * plugin's files cost no parquet-mr, Hadoop or Thrift classes at {@code spark.stop()}; it writes
 * the types the plugin's tables use (string, bigint, int, double, boolean) as Spark's writer stores
 * them, so Spark, parquet-mr and DuckDB read them as they read Spark's.
 *
 * <p>Rows are set column by column ({@code file.row().set("app_id", id)...append()}, every required
 * column set; see ParquetFileWriterTest), then {@link #toByteArray()} gives the file. Files are
 * small (a run's rows), so the whole file is held in memory. Not thread-safe.
 */
public final class ParquetFileWriter {

  /** The footer's {@code created_by}. */
  public static final String CREATED_BY = "greentrain-energy";

  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  private final String name;
  private final List<ColumnChunk> chunks = new ArrayList<>();
  private final Map<String, Integer> index = new HashMap<>();
  private int rows;

  /** A file of the table's stored columns (not its partition columns). */
  public ParquetFileWriter(TableSchema table) {
    this(table.name(), table.storedColumns());
  }

  /**
   * A file of {@code columns}, its schema named {@code name}.
   *
   * @throws IllegalArgumentException where a column's type is not one this writer writes
   */
  public ParquetFileWriter(String name, List<Column> columns) {
    this.name = name;
    for (Column c : columns) {
      ColumnChunk.Physical physical = ColumnChunk.Physical.of(c.type());
      if (physical == null) {
        throw new IllegalArgumentException(
            "Cannot write column " + c.name() + " to Parquet: type " + c.type());
      }
      index.put(c.name(), chunks.size());
      chunks.add(new ColumnChunk(c, physical));
    }
  }

  /** A new row, every column null; {@link Row#append()} adds it to the file. */
  public Row row() {
    return new Row();
  }

  public int rowCount() {
    return rows;
  }

  /** The file: "PAR1", each column's page, the footer, its length, "PAR1". */
  public byte[] toByteArray() {
    ByteBuilder file = new ByteBuilder(4096);
    file.write(MAGIC);
    List<ParquetMetadata.Written> written = new ArrayList<>();
    if (rows > 0) {
      for (ColumnChunk c : chunks) {
        ByteBuilder page = c.page();
        ByteBuilder header = ParquetMetadata.pageHeader(rows, page.size());
        written.add(new ParquetMetadata.Written(c, file.size(), header.size() + page.size()));
        file.write(header).write(page);
      }
    }
    ByteBuilder footer = ParquetMetadata.fileMetaData(name, chunks, rows, written, CREATED_BY);
    return file.write(footer).intLe(footer.size()).write(MAGIC).toByteArray();
  }

  /** One row being filled: set its columns by name, then {@link #append()} it once. */
  public final class Row {

    private final Object[] values = new Object[chunks.size()];

    private Row() {}

    /** Sets a string column; null leaves it null. */
    public Row set(String column, String value) {
      return put(column, ColumnChunk.Physical.BYTE_ARRAY, value);
    }

    public Row set(String column, long value) {
      return put(column, ColumnChunk.Physical.INT64, value);
    }

    public Row set(String column, int value) {
      return put(column, ColumnChunk.Physical.INT32, value);
    }

    public Row set(String column, double value) {
      return put(column, ColumnChunk.Physical.DOUBLE, value);
    }

    public Row set(String column, boolean value) {
      return put(column, ColumnChunk.Physical.BOOLEAN, value);
    }

    /**
     * Adds the row to the file.
     *
     * @throws IllegalArgumentException where a required column is null; the file is unchanged
     */
    public void append() {
      for (int i = 0; i < values.length; i++) {
        if (values[i] == null && !chunks.get(i).column.nullable()) {
          throw new IllegalArgumentException(
              "Cannot append a row to "
                  + name
                  + ": required column "
                  + chunks.get(i).column.name()
                  + " is null");
        }
      }
      for (int i = 0; i < values.length; i++) {
        chunks.get(i).add(values[i]);
      }
      rows++;
    }

    private Row put(String column, ColumnChunk.Physical given, Object value) {
      Integer i = index.get(column);
      if (i == null) {
        throw new IllegalArgumentException("Cannot set column " + column + ": not in " + name);
      }
      ColumnChunk c = chunks.get(i);
      if (c.physical != given) {
        throw new IllegalArgumentException(
            "Cannot set column "
                + column
                + " to "
                + value
                + ": the column is "
                + c.column.type().simpleString()
                + ", the value "
                + given);
      }
      values[i] = value;
      return this;
    }
  }
}
