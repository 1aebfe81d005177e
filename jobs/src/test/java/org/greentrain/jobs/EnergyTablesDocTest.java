package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every SQL example in docs/energy-tables.md runs through DuckDB against tables written by a real
 * (small) pipeline run and returns rows.
 */
class EnergyTablesDocTest {

  @Test
  void everyExampleQueryRunsAndReturnsRows(@TempDir Path warehouse) throws Exception {
    Cli run =
        Cli.run(PipelineEndToEndTest.args(warehouse, "run", "e2e", "--conf", "train.rounds=1"));
    assertThat(run.exitCode()).as(run.err()).isZero();

    List<String> queries = sqlBlocks(Files.readString(Path.of("../docs/energy-tables.md")));
    assertThat(queries).hasSizeGreaterThanOrEqualTo(4);
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      for (String q : queries) {
        String sql = q.replace("'warehouse/", "'" + warehouse + "/");
        try (ResultSet rs = st.executeQuery(sql)) {
          assertThat(rs.next()).as("rows from:%n%s", q).isTrue();
        }
      }
    }
  }

  static List<String> sqlBlocks(String markdown) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    while (m.find()) {
      out.add(m.group(1).strip().replaceAll(";$", ""));
    }
    return out;
  }
}
