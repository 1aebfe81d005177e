package org.greentrain.store;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.greentrain.energy.table.TableSchema;

/**
 * Writes rows of one run into a warehouse table partitioned by {@code run_date} and {@code run_id},
 * replacing that run's partition and nothing else: Spark's dynamic partition overwrite stages the
 * files and moves them in at commit, so readers never see half a partition.
 */
final class RunPartitionedTable {

  private RunPartitionedTable() {}

  /** Rows hold every column of {@code table} in order, its partition columns last. */
  static void write(SparkSession spark, Warehouse warehouse, TableSchema table, List<Row> rows) {
    spark
        .createDataFrame(rows, table.sparkSchema())
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy(table.partitionBy().toArray(String[]::new))
        .parquet(warehouse.table(table.name()).toString());
  }
}
