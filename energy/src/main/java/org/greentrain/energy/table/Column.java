package org.greentrain.energy.table;

import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;

/**
 * One column of an analyst table: the one place its name, type, unit and meaning are written.
 * Writers build their Spark or Parquet schema from it, {@code greentrain tables} the statements
 * that register the table, and a test checks the column tables of docs/energy-tables.md against it.
 *
 * @param name lower-case letters, digits and {@code _}, with the unit as a suffix where it has one
 *     ({@code _j}, {@code _kwh}, {@code _g}, {@code _s}, {@code _bytes})
 * @param type the Spark SQL type; its {@link DataType#simpleString()} is the type the docs show
 * @param nullable whether a row may hold null (a Parquet {@code optional} field)
 * @param unit what a value counts, e.g. {@code J} or {@code g CO2e}; empty where nothing is counted
 * @param meaning what a value says, in the Markdown of docs/energy-tables.md
 */
public record Column(String name, DataType type, boolean nullable, String unit, String meaning) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  public Column {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Invalid column name: " + name);
    }
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(unit, "unit");
    if (meaning == null || meaning.isBlank()) {
      throw new IllegalArgumentException("Invalid column " + name + ": no meaning");
    }
  }

  /** A column every row fills. */
  public static Column required(String name, DataType type, String unit, String meaning) {
    return new Column(name, type, false, unit, meaning);
  }

  /** A column that may be null; its meaning says when. */
  public static Column optional(String name, DataType type, String unit, String meaning) {
    return new Column(name, type, true, unit, meaning);
  }

  /** The column as a field of a Spark schema. */
  public StructField field() {
    return new StructField(name, type, nullable, Metadata.empty());
  }
}
