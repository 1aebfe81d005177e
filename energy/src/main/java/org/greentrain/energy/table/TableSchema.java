package org.greentrain.energy.table;

import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A warehouse table's name and columns, in the order a reader sees them: the columns stored in its
 * Parquet files, then its partition columns (directories {@code name=value}), outermost first.
 *
 * @param name the table's directory under {@code <warehouse>/tables/}
 * @param partitionBy names of the partition columns, the last of {@code columns}, in order
 */
public record TableSchema(String name, List<Column> columns, List<String> partitionBy) {

  /** Partition column of every run's table: the run's date in {@code run.time-zone}. */
  public static final Column RUN_DATE =
      Column.required("run_date", StringType, "", "partition columns");

  /** Partition column of every run's table, inside {@link #RUN_DATE}. */
  public static final Column RUN_ID =
      Column.required("run_id", StringType, "", "partition columns");

  public TableSchema {
    columns = List.copyOf(columns);
    partitionBy = List.copyOf(partitionBy);
    List<String> names = columns.stream().map(Column::name).toList();
    if (names.stream().distinct().count() != names.size()) {
      throw new IllegalArgumentException("Invalid table " + name + ": a column twice in " + names);
    }
    if (partitionBy.size() > names.size()
        || !names.subList(names.size() - partitionBy.size(), names.size()).equals(partitionBy)) {
      throw new IllegalArgumentException(
          "Invalid table " + name + ": partition columns " + partitionBy + " not last in " + names);
    }
  }

  /** {@code parts}' columns one after another: a table built from shared column groups. */
  @SafeVarargs
  public static List<Column> concat(List<Column>... parts) {
    List<Column> all = new ArrayList<>();
    for (List<Column> p : parts) {
      all.addAll(p);
    }
    return all;
  }

  /**
   * A table partitioned by {@code run_date}, {@code run_id} and then {@code morePartitions}, whose
   * files hold {@code stored}.
   */
  public static TableSchema byRun(String name, List<Column> stored, Column... morePartitions) {
    List<Column> all = new ArrayList<>(stored);
    all.add(RUN_DATE);
    all.add(RUN_ID);
    all.addAll(Arrays.asList(morePartitions));
    List<String> partitions = new ArrayList<>(List.of(RUN_DATE.name(), RUN_ID.name()));
    Arrays.stream(morePartitions).map(Column::name).forEach(partitions::add);
    return new TableSchema(name, all, partitions);
  }

  /** The columns stored in the table's Parquet files: all but the partition columns. */
  public List<Column> storedColumns() {
    return columns.subList(0, columns.size() - partitionBy.size());
  }

  /** Every column as a Spark schema, the partition columns last. */
  public StructType sparkSchema() {
    return new StructType(columns.stream().map(Column::field).toArray(n -> new StructField[n]));
  }

  public Column column(String columnName) {
    return columns.stream()
        .filter(c -> c.name().equals(columnName))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("No column " + columnName + " in " + name));
  }
}
