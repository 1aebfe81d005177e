package org.greentrain.data.spark;

import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.greentrain.data.Reject;
import org.greentrain.energy.table.Column;
import org.greentrain.energy.table.TableSchema;

/**
 * The analyst table {@code rejects}: one row per record a source rejected, Parquet partitioned by
 * {@code run_date}, {@code run_id} and {@code split}. Writing a split of a run replaces that
 * partition and nothing else; a split without rejects leaves no partition.
 */
public final class RejectsTable {

  /** Bumped whenever a column changes meaning or type; stored in every row. */
  public static final int SCHEMA_VERSION = 1;

  /** One row per rejected record (docs/data.md). */
  public static final TableSchema SCHEMA =
      TableSchema.byRun(
          "rejects",
          List.of(
              Column.required(
                  "file", StringType, "", "the file the record came from (qualified URI)"),
              Column.required(
                  "record", LongType, "", "the row in that Parquet file; 0 for an image file"),
              Column.required(
                  "reason",
                  StringType,
                  "",
                  "e.g. `not a PNG or JPEG image`, `cannot decode: …`, `size 42x56 (width x"
                      + " height), expected 28x28 (set data.resize = true to resize)`, `unknown"
                      + " label 'zebra' (classes: …)`, `label 7 outside [0, 10)`, `no label in"
                      + " column label`, `no image bytes in column image`, `not in a class"
                      + " sub-folder`"),
              Column.required("source", StringType, "", "the split directory read"),
              Column.required("schema_version", IntegerType, "", "table schema version (1)")),
          Column.required("split", StringType, "", "partition column: `train` or `test`"));

  private final SparkSession spark;
  private final Path table;

  /**
   * @param table the table's directory, e.g. {@code <warehouse>/tables/rejects}
   */
  public RejectsTable(SparkSession spark, Path table) {
    this.spark = spark;
    this.table = table;
  }

  /** Replaces the rows of {@code split} in the run's partition with {@code rejects}. */
  public void write(
      String runDate, String runId, String split, String source, List<Reject> rejects) {
    if (rejects.isEmpty()) {
      deleteIfPresent(
          new Path(table, "run_date=" + runDate + "/run_id=" + runId + "/split=" + split));
      return;
    }
    List<Row> rows = new ArrayList<>(rejects.size());
    for (Reject r : rejects) {
      rows.add(
          RowFactory.create(
              r.file(), r.record(), r.reason(), source, SCHEMA_VERSION, runDate, runId, split));
    }
    spark
        .createDataFrame(rows, SCHEMA.sparkSchema())
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy(SCHEMA.partitionBy().toArray(String[]::new))
        .parquet(table.toString());
  }

  private void deleteIfPresent(Path partition) {
    try {
      partition.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(partition, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to delete " + partition, e);
    }
  }
}
