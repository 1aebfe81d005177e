package org.greentrain.jobs;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.greentrain.data.spark.RejectsTable;
import org.greentrain.energy.table.Column;
import org.greentrain.energy.table.EnergyTables;
import org.greentrain.energy.table.TableSchema;
import org.greentrain.store.EvaluationTables;
import org.greentrain.store.TrainingRoundsTable;
import org.greentrain.store.TuningTrialsTable;
import org.greentrain.store.WarehouseTables;
import org.junit.jupiter.api.Test;

/**
 * The column tables of the docs are the code's: every table's columns, in order, with the type,
 * unit and meaning its {@link TableSchema} gives them.
 */
class TableColumnsDocTest {

  /** Each doc's marked tables, by label. */
  private static final Map<String, Map<String, TableSchema>> DOCS =
      Map.of(
          "docs/energy-tables.md",
          ordered(
              "task_energy", EnergyTables.TASK_ENERGY,
              "stage_energy (plugin)", EnergyTables.PLUGIN_STAGE_ENERGY,
              "stage_energy", WarehouseTables.STAGE_ENERGY,
              "runs", WarehouseTables.RUNS,
              "training_rounds", TrainingRoundsTable.SCHEMA,
              "tuning_trials", TuningTrialsTable.SCHEMA),
          "docs/compression.md",
          ordered("evaluations", EvaluationTables.EVALUATIONS, "models", EvaluationTables.MODELS),
          "docs/data.md",
          ordered("rejects", RejectsTable.SCHEMA));

  @Test
  void everyDocumentedTableHasTheColumnsOfTheCode() throws IOException {
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, Map<String, TableSchema>> doc : DOCS.entrySet()) {
      ColumnDocs docs = read(doc.getKey());
      assertThat(docs.tables().keySet())
          .as("tables marked in %s", doc.getKey())
          .containsExactlyInAnyOrderElementsOf(doc.getValue().keySet());
      doc.getValue()
          .forEach(
              (label, schema) ->
                  docs.differences(label, schema).stream()
                      .map(d -> doc.getKey() + ": " + d)
                      .forEach(differences::add));
    }
    assertThat(differences).as(String.join("\n", differences)).isEmpty();
  }

  @Test
  void everyTableTheCatalogRegistersIsDocumented() {
    List<TableSchema> documented =
        DOCS.values().stream().flatMap(m -> m.values().stream()).toList();
    assertThat(documented).containsAll(org.greentrain.jobs.ops.TablesCommand.TABLES);
  }

  @Test
  void aDifferenceNamesTheTableColumnAndBothValues() {
    TableSchema schema =
        TableSchema.byRun(
            "t",
            List.of(
                Column.required("energy_j", DoubleType, "J", "IT energy"),
                Column.required("energy_kwh", DoubleType, "kWh", "IT energy"),
                Column.optional("notes", StringType, "", "why")));
    String markdown =
        """
        <!-- columns: t -->
        | column | type | unit | meaning |
        | --- | --- | --- | --- |
        | energy_kwh, energy_j | double | kWh, J | IT energy |
        | notes | int | | why not |
        | `run_date`, `run_id` | string | | partition columns |
        | extra | string | | not in the code |
        """;

    assertThat(ColumnDocs.parse("t.md", markdown).differences("t", schema))
        .containsExactly(
            "t: documented column extra is not in the table",
            "t: order differs; the table's is [energy_j, energy_kwh, notes, run_date, run_id]",
            "t.notes type: doc 'int', code 'string'",
            "t.notes meaning: doc 'why not', code 'why'");
    assertThat(ColumnDocs.parse("t.md", "").differences("t", schema))
        .containsExactly("t: no table marked <!-- columns: t -->");
  }

  @Test
  void aRowWithTooFewTypesForItsColumnsIsRefused() {
    String markdown =
        """
        <!-- columns: t -->
        | column | type | unit | meaning |
        | --- | --- | --- | --- |
        | a, b, c | string, double | | letters |
        """;

    assertThatThrownBy(() -> ColumnDocs.parse("t.md", markdown))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("t.md:4: 2 types for 3 columns");
  }

  private static ColumnDocs read(String doc) throws IOException {
    return ColumnDocs.parse(doc, Files.readString(Path.of("..").resolve(doc)));
  }

  private static Map<String, TableSchema> ordered(Object... labelsAndSchemas) {
    Map<String, TableSchema> out = new LinkedHashMap<>();
    for (int i = 0; i < labelsAndSchemas.length; i += 2) {
      out.put((String) labelsAndSchemas[i], (TableSchema) labelsAndSchemas[i + 1]);
    }
    return out;
  }
}
