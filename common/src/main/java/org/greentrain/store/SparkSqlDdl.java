package org.greentrain.store;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.greentrain.energy.table.Column;
import org.greentrain.energy.table.TableSchema;

/**
 * Spark SQL: a table with a {@code LOCATION} is external, so dropping it leaves the files. Spark
 * tracks a datasource table's partitions in its catalog, so {@code MSCK REPAIR TABLE} adds those on
 * disk; run it again after later runs to see their partitions.
 */
final class SparkSqlDdl implements CatalogDialect.Ddl {

  @Override
  public List<String> database(String database) {
    return List.of("CREATE DATABASE IF NOT EXISTS " + name(database));
  }

  @Override
  public List<String> table(String database, TableSchema table, Path location) {
    String qualified = name(database) + "." + name(table.name());
    String columns =
        table.columns().stream().map(SparkSqlDdl::column).collect(Collectors.joining(",\n  "));
    String partitions =
        table.partitionBy().stream().map(SparkSqlDdl::name).collect(Collectors.joining(", "));
    return List.of(
        "CREATE TABLE IF NOT EXISTS "
            + qualified
            + " (\n  "
            + columns
            + "\n) USING parquet\nPARTITIONED BY ("
            + partitions
            + ")\nLOCATION "
            + literal(location.toString()),
        "MSCK REPAIR TABLE " + qualified);
  }

  private static String column(Column c) {
    return name(c.name()) + " " + c.type().sql() + " COMMENT " + literal(CatalogDialect.comment(c));
  }

  private static String name(String identifier) {
    return "`" + identifier + "`";
  }

  /** Spark's string literals take backslash escapes, so a backslash is escaped too. */
  static String literal(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
