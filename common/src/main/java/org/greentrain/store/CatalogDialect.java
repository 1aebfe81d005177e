package org.greentrain.store;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.greentrain.energy.table.TableSchema;

/**
 * The SQL that registers a warehouse's tables in a query engine's catalog, as tables (or views)
 * over their Parquet directories, partitions included, with the columns of their {@link
 * TableSchema}. Nothing is copied: the engine reads the files the pipeline wrote.
 */
public enum CatalogDialect {
  /**
   * Spark SQL: external datasource tables, then {@code MSCK REPAIR TABLE} to add the partitions.
   */
  SPARK(new SparkSqlDdl()),
  /** DuckDB: views over {@code read_parquet} with Hive partitioning. */
  DUCKDB(new DuckDbDdl()),
  /** Trino's Hive connector: external tables, then {@code sync_partition_metadata}. */
  TRINO(new TrinoDdl());

  private static final Pattern DATABASE = Pattern.compile("[a-z_][a-z0-9_]*");

  private final Ddl ddl;

  CatalogDialect(Ddl ddl) {
    this.ddl = ddl;
  }

  /**
   * The statements, without a closing {@code ;}, that create {@code database} (a schema) and
   * register {@code tables} of {@code warehouse} in it; running them again changes nothing.
   *
   * @param database lower-case letters, digits and {@code _}
   */
  public List<String> statements(String database, Warehouse warehouse, List<TableSchema> tables) {
    if (!DATABASE.matcher(database).matches()) {
      throw new IllegalArgumentException(
          "Invalid database name: " + database + " (lower-case letters, digits and _)");
    }
    List<String> out = new ArrayList<>(ddl.database(database));
    for (TableSchema t : tables) {
      out.addAll(ddl.table(database, t, warehouse.table(t.name())));
    }
    return out;
  }

  /** One engine's statements. */
  interface Ddl {
    List<String> database(String database);

    List<String> table(String database, TableSchema table, Path location);
  }

  /** {@code s} as a SQL string literal, quotes doubled (Trino, DuckDB). */
  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
