package org.greentrain.energy.table;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TableSchemaTest {

  private static final Column ENERGY = Column.required("energy_j", DoubleType, "J", "energy");
  private static final Column NOTE = Column.optional("note", StringType, "", "a note");

  @Test
  void aRunTableEndsWithItsPartitionColumnsInOrder() {
    TableSchema t =
        TableSchema.byRun(
            "t", List.of(ENERGY, NOTE), Column.required("split", StringType, "", "s"));

    assertThat(t.sparkSchema())
        .isEqualTo(
            new StructType(
                new StructField[] {
                  new StructField("energy_j", DoubleType, false, Metadata.empty()),
                  new StructField("note", StringType, true, Metadata.empty()),
                  new StructField("run_date", StringType, false, Metadata.empty()),
                  new StructField("run_id", StringType, false, Metadata.empty()),
                  new StructField("split", StringType, false, Metadata.empty())
                }));
    assertThat(t.partitionBy()).containsExactly("run_date", "run_id", "split");
    assertThat(t.storedColumns()).containsExactly(ENERGY, NOTE);
    assertThat(t.column("note").unit()).isEmpty();
  }

  @Test
  void partitionColumnsMustBeTheLast() {
    assertThatThrownBy(
            () -> new TableSchema("t", List.of(TableSchema.RUN_ID, ENERGY), List.of("run_id")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid table t: partition columns [run_id] not last in [run_id, energy_j]");
  }

  @Test
  void aColumnIsNamedOnce() {
    assertThatThrownBy(() -> TableSchema.byRun("t", List.of(ENERGY, ENERGY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid table t: a column twice in [energy_j, energy_j, run_date, run_id]");
  }

  @Test
  void aColumnHasALowerCaseNameAndAMeaning() {
    assertThatThrownBy(() -> Column.required("Energy J", DoubleType, "J", "energy"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid column name: Energy J");
    assertThatThrownBy(() -> Column.required("energy_j", DoubleType, "J", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid column energy_j: no meaning");
  }
}
