package org.greentrain.store;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Writes rows of one run into a warehouse table partitioned by {@code run_date} and {@code run_id},
 * replacing that run's partition and nothing else: Spark's dynamic partition overwrite stages the
 * files and moves them in at commit, so readers never see half a partition.
 */
final class RunPartitionedTable {

  private RunPartitionedTable() {}

  static void write(
      SparkSession spark, Warehouse warehouse, String table, List<Row> rows, StructType schema) {
    spark
        .createDataFrame(rows, schema)
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy("run_date", "run_id")
        .parquet(warehouse.table(table).toString());
  }
}
