package org.greentrain.store;

import static org.greentrain.store.CatalogDialect.literal;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.greentrain.energy.table.Column;
import org.greentrain.energy.table.TableSchema;

/**
 * DuckDB: a view per table over its files, read at every query, so later runs show without a
 * refresh. The stored columns take their types from the files (which the writers wrote from the
 * same columns); the partition columns, which are only directory names, get theirs from the schema
 * ({@code hive_types}), so {@code run_date} stays a string. {@code union_by_name} reads files
 * written before a column was added, with the column null.
 */
final class DuckDbDdl implements CatalogDialect.Ddl {

  private static final Map<DataType, String> TYPES =
      Map.of(
          DataTypes.StringType, "VARCHAR",
          DataTypes.IntegerType, "INTEGER",
          DataTypes.LongType, "BIGINT",
          DataTypes.DoubleType, "DOUBLE",
          DataTypes.BooleanType, "BOOLEAN");

  @Override
  public List<String> database(String database) {
    return List.of("CREATE SCHEMA IF NOT EXISTS " + name(database));
  }

  @Override
  public List<String> table(String database, TableSchema table, Path location) {
    String hiveTypes =
        table.partitionBy().stream()
            .map(p -> literal(p) + ": " + literal(type(table.column(p))))
            .collect(Collectors.joining(", "));
    return List.of(
        "CREATE OR REPLACE VIEW "
            + name(database)
            + "."
            + name(table.name())
            + " AS\nSELECT * FROM read_parquet("
            + literal(local(location) + "/**/*.parquet")
            + ",\n  hive_partitioning = true, union_by_name = true, hive_types = {"
            + hiveTypes
            + "})");
  }

  private static String type(Column c) {
    String t = TYPES.get(c.type());
    if (t == null) {
      throw new IllegalArgumentException(
          "Cannot name partition column " + c.name() + " in DuckDB: type " + c.type());
    }
    return t;
  }

  /** DuckDB reads local paths and {@code s3://}, not Hadoop's {@code file:} and {@code s3a:}. */
  static String local(Path location) {
    String scheme = location.toUri().getScheme();
    if ("file".equals(scheme)) {
      return location.toUri().getPath();
    }
    if ("s3a".equals(scheme)) {
      return "s3" + location.toString().substring("s3a".length());
    }
    return location.toString();
  }

  private static String name(String identifier) {
    return "\"" + identifier + "\"";
  }
}
