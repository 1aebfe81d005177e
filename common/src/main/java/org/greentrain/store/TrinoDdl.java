package org.greentrain.store;

import static org.greentrain.store.CatalogDialect.literal;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.greentrain.energy.table.Column;
import org.greentrain.energy.table.TableSchema;

/**
 * Trino's Hive connector, catalog {@code hive}: external tables (the connector requires the
 * partition columns last, as they are), then {@code system.sync_partition_metadata} to add the
 * partitions on disk to the metastore; run it again after later runs.
 */
final class TrinoDdl implements CatalogDialect.Ddl {

  static final String CATALOG = "hive";

  private static final Map<DataType, String> TYPES =
      Map.of(
          DataTypes.StringType, "varchar",
          DataTypes.IntegerType, "integer",
          DataTypes.LongType, "bigint",
          DataTypes.DoubleType, "double",
          DataTypes.BooleanType, "boolean");

  @Override
  public List<String> database(String database) {
    return List.of("CREATE SCHEMA IF NOT EXISTS " + CATALOG + "." + name(database));
  }

  @Override
  public List<String> table(String database, TableSchema table, Path location) {
    String columns =
        table.columns().stream().map(TrinoDdl::column).collect(Collectors.joining(",\n  "));
    String partitions =
        table.partitionBy().stream().map(CatalogDialect::literal).collect(Collectors.joining(", "));
    return List.of(
        "CREATE TABLE IF NOT EXISTS "
            + CATALOG
            + "."
            + name(database)
            + "."
            + name(table.name())
            + " (\n  "
            + columns
            + "\n) WITH (\n  external_location = "
            + literal(location(location))
            + ",\n  format = 'PARQUET',\n  partitioned_by = ARRAY["
            + partitions
            + "]\n)",
        "CALL "
            + CATALOG
            + ".system.sync_partition_metadata(schema_name => "
            + literal(database)
            + ", table_name => "
            + literal(table.name())
            + ", mode => 'FULL')");
  }

  private static String column(Column c) {
    return name(c.name()) + " " + type(c.type()) + " COMMENT " + literal(CatalogDialect.comment(c));
  }

  static String type(DataType t) {
    if (t instanceof ArrayType a) {
      return "array(" + type(a.elementType()) + ")";
    }
    String name = TYPES.get(t);
    if (name == null) {
      throw new IllegalArgumentException("Cannot name type " + t + " in Trino");
    }
    return name;
  }

  /** Hadoop writes a local path {@code file:/x}; Trino takes a URI, {@code file:///x}. */
  private static String location(Path location) {
    String scheme = location.toUri().getScheme();
    return "file".equals(scheme) ? "file://" + location.toUri().getPath() : location.toString();
  }

  private static String name(String identifier) {
    return "\"" + identifier + "\"";
  }
}
