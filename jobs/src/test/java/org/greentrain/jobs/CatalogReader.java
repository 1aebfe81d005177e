package org.greentrain.jobs;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark application of its own for {@link HiveMetastoreIT}: runs each SQL statement of its
 * arguments in a session with Hive support (the metastore comes from spark-submit's {@code --conf})
 * and prints each result row as {@code <statement> => <columns, tab separated>}. It knows nothing
 * of GreenTrain: the tables it reads must be in the metastore.
 */
public final class CatalogReader {

  private CatalogReader() {}

  public static void main(String[] statements) {
    SparkSession spark = SparkSession.builder().enableHiveSupport().getOrCreate();
    try {
      for (String sql : statements) {
        for (Row row : spark.sql(sql).collectAsList()) {
          System.out.println(sql + " => " + row.mkString("\t"));
        }
      }
    } finally {
      spark.stop();
    }
  }
}
