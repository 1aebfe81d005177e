package org.greentrain.data.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.greentrain.data.Reject;

/**
 * The analyst table {@code rejects}: one row per record a source rejected, Parquet partitioned by
 * {@code run_date}, {@code run_id} and {@code split}. Writing a split of a run replaces that
 * partition and nothing else; a split without rejects leaves no partition.
 */
public final class RejectsTable {

  /** Bumped whenever a column changes meaning or type; stored in every row. */
  public static final int SCHEMA_VERSION = 1;

  public static final StructType SCHEMA =
      new StructType()
          .add("file", DataTypes.StringType, false)
          .add("record", DataTypes.LongType, false)
          .add("reason", DataTypes.StringType, false)
          .add("source", DataTypes.StringType, false)
          .add("schema_version", DataTypes.IntegerType, false)
          .add("run_date", DataTypes.StringType, false)
          .add("run_id", DataTypes.StringType, false)
          .add("split", DataTypes.StringType, false);

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
        .createDataFrame(rows, SCHEMA)
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy("run_date", "run_id", "split")
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
