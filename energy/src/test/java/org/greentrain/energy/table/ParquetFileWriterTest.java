package org.greentrain.energy.table;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.greentrain.testing.SharedSparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files of every type the writer writes, required and optional, read back by three readers that
 * share no code with it: parquet-mr, Spark's (vectorized) reader and DuckDB.
 */
@SharedSparkSession
class ParquetFileWriterTest {

  private static SparkSession spark;

  private static final List<Column> COLUMNS =
      List.of(
          Column.required("s_req", StringType, "", "text"),
          Column.optional("s_opt", StringType, "", "text or null"),
          Column.required("l_req", LongType, "", "long"),
          Column.optional("l_opt", LongType, "", "long or null"),
          Column.required("i_req", IntegerType, "", "int"),
          Column.optional("i_never_null", IntegerType, "", "optional, always set"),
          Column.required("d_req", DoubleType, "", "double"),
          Column.optional("d_opt", DoubleType, "", "double or null"),
          Column.required("b_req", BooleanType, "", "boolean"),
          Column.optional("b_opt", BooleanType, "", "boolean or null"),
          Column.optional("all_null", StringType, "", "never set"));

  private static final String[] TEXT = {"", "a", "Grüße, 世界", "emoji 😀 ✓", "tab\tnew\nline"};
  private static final long[] LONGS = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1};
  private static final int[] INTS = {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1};
  private static final double[] DOUBLES = {
    Double.NaN,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    -0.0,
    0.0,
    Double.MIN_VALUE,
    Double.MAX_VALUE
  };

  /** Row {@code i}'s values, in {@link #COLUMNS}' order, null where a column is null. */
  private static List<Object> expectedRow(int i) {
    return Arrays.asList(
        TEXT[i % TEXT.length] + (i % 7 == 0 ? "" : Integer.toString(i)),
        i % 3 == 0 ? null : TEXT[(i + 1) % TEXT.length],
        i % 7 < LONGS.length ? LONGS[i % 7] : i * 1_000_000_007L,
        i % 4 == 1 ? null : -3L * i,
        i % 6 < INTS.length ? INTS[i % 6] : i * 31,
        i - 5000,
        i % 9 < DOUBLES.length ? DOUBLES[i % 9] : i / 7.0,
        i % 2 == 1 ? null : DOUBLES[(i / 2) % DOUBLES.length],
        i % 3 == 0 || i % 5 == 0,
        i % 5 == 2 ? null : i % 2 == 0,
        null);
  }

  private static List<List<Object>> expected(int rows) {
    List<List<Object>> all = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      all.add(expectedRow(i));
    }
    return all;
  }

  private static Path write(Path dir, int rows) throws IOException {
    ParquetFileWriter file = new ParquetFileWriter("all_types", COLUMNS);
    for (int i = 0; i < rows; i++) {
      ParquetFileWriter.Row row = file.row();
      List<Object> v = expectedRow(i);
      row.set("s_req", (String) v.get(0)).set("s_opt", (String) v.get(1));
      row.set("l_req", (long) (Long) v.get(2));
      if (v.get(3) != null) {
        row.set("l_opt", (long) (Long) v.get(3));
      }
      row.set("i_req", (int) (Integer) v.get(4)).set("i_never_null", (int) (Integer) v.get(5));
      row.set("d_req", (double) (Double) v.get(6));
      if (v.get(7) != null) {
        row.set("d_opt", (double) (Double) v.get(7));
      }
      row.set("b_req", (boolean) (Boolean) v.get(8));
      if (v.get(9) != null) {
        row.set("b_opt", (boolean) (Boolean) v.get(9));
      }
      row.append();
    }
    assertThat(file.rowCount()).isEqualTo(rows);
    Path path = dir.resolve("all-" + rows + ".parquet");
    Files.write(path, file.toByteArray());
    return path;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 7, 9, 10_001})
  void parquetMrReadsEveryValueBack(int rows, @TempDir Path dir) throws IOException {
    Path file = write(dir, rows);

    List<List<Object>> actual = new ArrayList<>();
    try (ParquetReader<Group> r =
        ParquetReader.builder(new GroupReadSupport(), hadoopPath(file))
            .withConf(new Configuration())
            .build()) {
      for (Group g = r.read(); g != null; g = r.read()) {
        actual.add(valuesOf(g));
      }
    }

    assertSameRows(actual, expected(rows));
  }

  private static List<Object> valuesOf(Group g) {
    List<Object> values = new ArrayList<>();
    for (Column c : COLUMNS) {
      String n = c.name();
      if (g.getFieldRepetitionCount(n) == 0) {
        values.add(null);
      } else if (c.type().equals(StringType)) {
        values.add(g.getString(n, 0));
      } else if (c.type().equals(LongType)) {
        values.add(g.getLong(n, 0));
      } else if (c.type().equals(IntegerType)) {
        values.add(g.getInteger(n, 0));
      } else if (c.type().equals(DoubleType)) {
        values.add(g.getDouble(n, 0));
      } else {
        values.add(g.getBoolean(n, 0));
      }
    }
    return values;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 7, 9, 10_001})
  void sparkReadsEveryValueBack(int rows, @TempDir Path dir) throws IOException {
    Path file = write(dir, rows);

    var read = spark.read().parquet(file.toString());
    List<List<Object>> actual = new ArrayList<>();
    for (Row r : read.collectAsList()) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        values.add(r.get(i));
      }
      actual.add(values);
    }

    assertThat(read.schema().fields())
        .extracting(StructField::name, StructField::dataType)
        .containsExactlyElementsOf(
            COLUMNS.stream()
                .map(c -> org.assertj.core.groups.Tuple.tuple(c.name(), c.type()))
                .toList());
    assertSameRows(actual, expected(rows));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 7, 10_001})
  void duckDbReadsEveryValueBack(int rows, @TempDir Path dir) throws Exception {
    Path file = write(dir, rows);

    List<List<Object>> actual = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT * FROM read_parquet('" + file + "')")) {
      assertThat(r.getMetaData().getColumnCount()).isEqualTo(COLUMNS.size());
      while (r.next()) {
        actual.add(duckDbRow(r));
      }
    }

    assertSameRows(actual, expected(rows));
  }

  private static List<Object> duckDbRow(ResultSet r) throws SQLException {
    List<Object> values = new ArrayList<>();
    for (int i = 1; i <= COLUMNS.size(); i++) {
      values.add(r.getObject(i));
    }
    return values;
  }

  @Test
  void theFooterHoldsTheSchemaSparkWouldWriteAndWhoWroteIt(@TempDir Path dir) throws IOException {
    Path file = write(dir, 3);

    try (ParquetFileReader r =
        ParquetFileReader.open(HadoopInputFile.fromPath(hadoopPath(file), new Configuration()))) {
      assertThat(r.getFooter().getFileMetaData().getSchema())
          .isEqualTo(
              MessageTypeParser.parseMessageType(
                  "message all_types { required binary s_req (STRING);"
                      + " optional binary s_opt (STRING); required int64 l_req;"
                      + " optional int64 l_opt; required int32 i_req; optional int32 i_never_null;"
                      + " required double d_req; optional double d_opt; required boolean b_req;"
                      + " optional boolean b_opt; optional binary all_null (STRING); }"));
      assertThat(r.getFooter().getFileMetaData().getCreatedBy()).isEqualTo("greentrain-energy");
      assertThat(r.getRowGroups()).hasSize(1);
      assertThat(r.getRowGroups().get(0).getRowCount()).isEqualTo(3);
    }
    byte[] bytes = Files.readAllBytes(file);
    assertThat(new String(bytes, 0, 4, "US-ASCII")).isEqualTo("PAR1");
    assertThat(new String(bytes, bytes.length - 4, 4, "US-ASCII")).isEqualTo("PAR1");
  }

  @Test
  void aFileOfNoRowsHasNoRowGroup(@TempDir Path dir) throws IOException {
    Path file = write(dir, 0);

    try (ParquetFileReader r =
        ParquetFileReader.open(HadoopInputFile.fromPath(hadoopPath(file), new Configuration()))) {
      assertThat(r.getRowGroups()).isEmpty();
      assertThat(r.getFooter().getFileMetaData().getSchema().getFieldCount()).isEqualTo(11);
    }
  }

  @Test
  void aTypeTheWriterCannotWriteIsRefusedByName() {
    List<Column> scores =
        List.of(
            Column.required(
                "scores", DataTypes.createArrayType(DataTypes.DoubleType), "", "scores"));

    assertThatThrownBy(() -> new ParquetFileWriter("t", scores))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot write column scores to Parquet: type ArrayType(DoubleType,true)");
  }

  @Test
  void aRowWithoutARequiredValueIsRefusedAndLeavesTheFileAsItWas() {
    ParquetFileWriter file = new ParquetFileWriter("all_types", COLUMNS);
    ParquetFileWriter.Row row = file.row().set("s_req", "x").set("l_req", 1L);

    assertThatThrownBy(row::append)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot append a row to all_types: required column i_req is null");
    assertThat(file.rowCount()).isZero();
  }

  @Test
  void aValueOfAnotherTypeOrAnUnknownColumnIsRefused() {
    ParquetFileWriter file = new ParquetFileWriter("all_types", COLUMNS);

    assertThatThrownBy(() -> file.row().set("l_req", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot set column l_req to 1: the column is bigint, the value INT32");
    assertThatThrownBy(() -> file.row().set("nope", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot set column nope: not in all_types");
  }

  private static org.apache.hadoop.fs.Path hadoopPath(Path file) {
    return new org.apache.hadoop.fs.Path(file.toUri());
  }

  private static void assertSameRows(List<List<Object>> actual, List<List<Object>> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      // List equality compares doubles as Double.equals does: NaN is NaN, -0.0 is not 0.0.
      assertThat(actual.get(i)).as("row %d", i).isEqualTo(expected.get(i));
    }
  }
}
