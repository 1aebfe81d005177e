package org.greentrain.store;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.greentrain.energy.table.Column;
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

  /**
   * The longest column comment a Hive metastore holds: its {@code COLUMNS_V2.COMMENT} is a {@code
   * VARCHAR(256)}. Given a longer one, Spark retries ten times, then stores the table in a form
   * only Spark reads (HiveMetastoreIT).
   */
  static final int HIVE_COMMENT_LENGTH = 256;

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

  /**
   * A column's comment in Spark and Trino: its meaning and unit, the meaning cut short with {@code
   * …} to fit {@link #HIVE_COMMENT_LENGTH} characters with the unit kept.
   */
  static String comment(Column c) {
    String unit = c.unit().isEmpty() ? "" : " [" + c.unit() + "]";
    String meaning = c.meaning();
    if (meaning.length() + unit.length() > HIVE_COMMENT_LENGTH) {
      int end = HIVE_COMMENT_LENGTH - unit.length() - 1;
      if (Character.isHighSurrogate(meaning.charAt(end - 1))) {
        end--;
      }
      meaning = meaning.substring(0, end) + "…";
    }
    return meaning + unit;
  }

  /** {@code s} as a SQL string literal, quotes doubled (Trino, DuckDB). */
  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
