package org.greentrain.energy.spark;

import java.util.Map;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.greentrain.energy.table.Column;
import org.greentrain.energy.table.TableSchema;

/**
 * The Parquet schema of a table's files, from its columns: the plugin writes with parquet-hadoop,
 * without Spark's writer, so it maps the few types its tables use the way Spark's writer does.
 */
final class ParquetSchemas {

  private static final Map<DataType, String> PRIMITIVES =
      Map.of(
          DataTypes.StringType, "binary %s (UTF8)",
          DataTypes.LongType, "int64 %s",
          DataTypes.IntegerType, "int32 %s",
          DataTypes.DoubleType, "double %s",
          DataTypes.BooleanType, "boolean %s");

  private ParquetSchemas() {}

  /** The fields of the table's stored columns (not its partition columns), in order. */
  static MessageType of(TableSchema table) {
    StringBuilder message = new StringBuilder("message ").append(table.name()).append(" {");
    for (Column c : table.storedColumns()) {
      String field = PRIMITIVES.get(c.type());
      if (field == null) {
        throw new IllegalArgumentException(
            "Cannot write column " + c.name() + " with parquet-hadoop: type " + c.type());
      }
      message
          .append(c.nullable() ? " optional " : " required ")
          .append(String.format(field, c.name()))
          .append(';');
    }
    return MessageTypeParser.parseMessageType(message.append(" }").toString());
  }
}
