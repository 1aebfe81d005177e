package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code greentrain tables --register} with a persistent Hive metastore, as docs/energy-tables.md
 * tells: the command runs in a JVM of its own under a Spark with Hive support (spark-submit of the
 * shaded jar, on module spark-hive-classpath's class path), with {@code
 * spark.sql.catalogImplementation=hive} and an embedded Derby metastore in a temporary directory.
 * Another Spark application, started afterwards with only the same metastore settings ({@link
 * CatalogReader}), then finds every table and reads the rows of its Parquet directory, partitions
 * filtered. A second run's partitions reach that application once the command has run again. Runs
 * under failsafe, after {@code package} has built the jar.
 */
class HiveMetastoreIT {

  /** What a run of the pipeline writes; tuning_trials (tune) and rejects (bad data) it does not. */
  private static final List<String> WRITTEN =
      List.of("runs", "stage_energy", "task_energy", "training_rounds", "evaluations", "models");

  private static final String FIRST = "hive-first";
  private static final String SECOND = "hive-second";

  /** The metastore's own tables, as Hive and Trino read them, through Spark's JDBC source. */
  private static final String HIVE_COLUMNS =
      "SELECT TBL_NAME, COLUMN_NAME, TYPE_NAME, COMMENT_LENGTH, SLIB FROM hive_columns"
          + " ORDER BY TBL_NAME, INTEGER_IDX";

  private static final String HIVE_PARTITION_KEYS =
      "SELECT TBL_NAME, PKEY_NAME FROM hive_partition_keys ORDER BY TBL_NAME, INTEGER_IDX";

  @TempDir static Path dir;

  private static Path warehouse;
  private static Map<String, List<String>> fileColumns;
  private static Map<String, Long> rowsAfterFirst;
  private static Map<String, Long> rowsAfterSecond;
  private static String registered;
  private static Map<String, List<String>> readBeforeAgain;
  private static String registeredAgain;
  private static Map<String, List<String>> readAfterAgain;

  @BeforeAll
  static void registerAndReadInOtherJvms() throws Exception {
    warehouse = dir.resolve("warehouse");
    run(FIRST);
    rowsAfterFirst = directoryRows();
    registered = submit("register", tablesRegister());
    run(SECOND);
    rowsAfterSecond = directoryRows();
    fileColumns = fileColumns();
    readBeforeAgain = read("read-before", List.of());
    registeredAgain = submit("register-again", tablesRegister());
    readAfterAgain =
        read(
            "read-after",
            List.of(
                metastoreView(
                    "hive_columns",
                    "SELECT t.TBL_NAME, c.\"COLUMN_NAME\", c.TYPE_NAME, c.INTEGER_IDX,"
                        + " LENGTH(c.\"COMMENT\") AS COMMENT_LENGTH, d.SLIB FROM TBLS t"
                        + " JOIN SDS s ON t.SD_ID = s.SD_ID JOIN COLUMNS_V2 c ON s.CD_ID = c.CD_ID"
                        + " JOIN SERDES d ON s.SERDE_ID = d.SERDE_ID"),
                HIVE_COLUMNS,
                metastoreView(
                    "hive_partition_keys",
                    "SELECT t.TBL_NAME, k.PKEY_NAME, k.INTEGER_IDX FROM TBLS t"
                        + " JOIN PARTITION_KEYS k ON t.TBL_ID = k.TBL_ID"),
                HIVE_PARTITION_KEYS));
  }

  @Test
  void registerWritesEveryTableToTheHiveMetastore() {
    assertThat(registered)
        .contains("registered in the hive catalog (spark.sql.catalogImplementation):");
    for (String table : WRITTEN) {
      assertThat(registered)
          .containsPattern("greentrain\\." + table + " +" + rowsAfterFirst.get(table) + " rows");
    }
    assertThat(dir.resolve("metastore_db")).isDirectory();
  }

  @Test
  void anotherApplicationFindsEveryTableInTheMetastore() {
    assertThat(readBeforeAgain.get("SHOW TABLES IN greentrain"))
        .containsExactlyInAnyOrderElementsOf(
            WRITTEN.stream().map(t -> "greentrain\t" + t + "\tfalse").toList());
    assertThat(readAfterAgain.get("DESCRIBE TABLE EXTENDED greentrain.runs"))
        .contains(
            "Type\tEXTERNAL\t",
            "Provider\tparquet\t",
            "Location\tfile:" + warehouse.resolve("tables/runs") + "\t");
  }

  @Test
  void theMetastoreHoldsEachTableInHivesTermsWithTheColumnsOfItsFiles() {
    Map<String, List<String>> columns = new LinkedHashMap<>();
    Map<String, List<String>> keys = new LinkedHashMap<>();
    for (String row : readAfterAgain.get(HIVE_COLUMNS)) {
      String[] f = row.split("\t");
      columns.computeIfAbsent(f[0], t -> new ArrayList<>()).add(f[1]);
      // Parquet's serde, not the placeholder of a table only Spark can read.
      assertThat(f[4])
          .as(row)
          .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
      assertThat(Integer.parseInt(f[3])).as(row).isBetween(1, 256);
    }
    for (String row : readAfterAgain.get(HIVE_PARTITION_KEYS)) {
      String[] f = row.split("\t");
      keys.computeIfAbsent(f[0], t -> new ArrayList<>()).add(f[1]);
    }
    assertThat(columns.keySet()).containsExactlyInAnyOrderElementsOf(WRITTEN);
    for (String table : WRITTEN) {
      List<String> partitions =
          table.equals("task_energy")
              ? List.of("run_date", "run_id", "stage")
              : List.of("run_date", "run_id");
      assertThat(keys.get(table)).as(table).isEqualTo(partitions);
      List<String> expected = new ArrayList<>(fileColumns.get(table));
      expected.removeAll(partitions);
      assertThat(columns.get(table)).as(table).isEqualTo(expected);
    }
    // The longest comment (the cpu_flags meaning has 309 characters) cut to Hive's 256.
    assertThat(readAfterAgain.get(HIVE_COLUMNS))
        .anyMatch(r -> r.startsWith("runs\tcpu_flags\tstring\t256\t"))
        .anyMatch(r -> r.startsWith("runs\tseed\tbigint\t"))
        .anyMatch(r -> r.startsWith("evaluations\tconfusion_matrix\tarray<array<bigint>>\t"));
  }

  @Test
  void theMetastoreHoldsThePartitionsOfTheRunsRegistered() {
    // The second run's partitions are on disk but not in the metastore yet: the reader does not
    // list directories, it asks the metastore.
    for (String table : WRITTEN) {
      assertThat(readBeforeAgain.get(count(table)))
          .as(table)
          .containsExactly(Long.toString(rowsAfterFirst.get(table)));
    }
    assertThat(readBeforeAgain.get("SHOW PARTITIONS greentrain.runs"))
        .singleElement()
        .asString()
        .matches("run_date=\\d{4}-\\d{2}-\\d{2}/run_id=" + FIRST);
  }

  @Test
  void registeringAgainAddsALaterRunsPartitions() {
    assertThat(registeredAgain)
        .contains("registered in the hive catalog (spark.sql.catalogImplementation):");
    for (String table : WRITTEN) {
      assertThat(rowsAfterSecond.get(table)).as(table).isGreaterThan(rowsAfterFirst.get(table));
      assertThat(readAfterAgain.get(count(table)))
          .as(table)
          .containsExactly(Long.toString(rowsAfterSecond.get(table)));
    }
    assertThat(readAfterAgain.get("SHOW PARTITIONS greentrain.runs")).hasSize(2);
  }

  @Test
  void aPartitionColumnFiltersThroughTheMetastore() {
    // One row per run, one per stage of a run (augment, train, compress, evaluate, publish).
    assertThat(readAfterAgain.get(runsOf(FIRST))).containsExactly("1");
    assertThat(readAfterAgain.get(runsOf(SECOND))).containsExactly("1");
    assertThat(readAfterAgain.get(stagesOf(FIRST))).containsExactly("5");
    assertThat(readAfterAgain.get(stagesOf(SECOND))).containsExactly("5");
    assertThat(readAfterAgain.get(stagesOf("none"))).containsExactly("0");
  }

  private static void run(String runId) {
    Cli run =
        Cli.run(
            PipelineEndToEndTest.args(
                warehouse,
                "run",
                runId,
                "--conf",
                "augment.copies=0",
                "--conf",
                "train.rounds=1",
                "--conf",
                "train.local-steps=20",
                "--conf",
                "compress.variants=[int8]",
                "--conf",
                "compress.fine-tune-rounds=0"));
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  /** Each table's rows as DuckDB reads its Parquet directory, without any catalog. */
  private static Map<String, Long> directoryRows() throws Exception {
    Map<String, Long> rows = new LinkedHashMap<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      for (String table : WRITTEN) {
        try (ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM read_parquet('"
                    + warehouse.resolve("tables/" + table)
                    + "/**/*.parquet', hive_partitioning = true, union_by_name = true)")) {
          rs.next();
          rows.put(table, rs.getLong(1));
        }
      }
    }
    return rows;
  }

  /** Each table's columns as DuckDB reads its files, partition columns last. */
  private static Map<String, List<String>> fileColumns() throws Exception {
    Map<String, List<String>> columns = new LinkedHashMap<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      for (String table : WRITTEN) {
        List<String> names = new ArrayList<>();
        try (ResultSet rs =
            st.executeQuery(
                "DESCRIBE SELECT * FROM read_parquet('"
                    + warehouse.resolve("tables/" + table)
                    + "/**/*.parquet', hive_partitioning = true, union_by_name = true)")) {
          while (rs.next()) {
            names.add(rs.getString("column_name"));
          }
        }
        columns.put(table, names);
      }
    }
    return columns;
  }

  /** A Spark view of a query against the metastore's Derby database, for the reader's session. */
  private static String metastoreView(String name, String query) {
    return "CREATE TEMPORARY VIEW "
        + name
        + " USING jdbc OPTIONS (url 'jdbc:derby:"
        + dir.resolve("metastore_db")
        + "', driver 'org.apache.derby.jdbc.EmbeddedDriver', query '"
        + query
        + "')";
  }

  private static List<String> tablesRegister() {
    return List.of(
        "--class",
        GreenTrain.class.getName(),
        System.getProperty("greentrain.test.jar"),
        "tables",
        "--register",
        "--conf",
        "run.warehouse=" + warehouse);
  }

  /**
   * Runs {@link CatalogReader} with this test's statements, then {@code more}; rows by statement.
   */
  private static Map<String, List<String>> read(String name, List<String> more) throws Exception {
    List<String> statements = new ArrayList<>(List.of("SHOW TABLES IN greentrain"));
    WRITTEN.forEach(t -> statements.add(count(t)));
    statements.add("SHOW PARTITIONS greentrain.runs");
    statements.add("DESCRIBE TABLE EXTENDED greentrain.runs");
    for (String runId : List.of(FIRST, SECOND, "none")) {
      statements.add(runsOf(runId));
      statements.add(stagesOf(runId));
    }
    statements.addAll(more);
    List<String> app = new ArrayList<>();
    app.add("--class");
    app.add(CatalogReader.class.getName());
    app.add(
        EnergyPluginSubmitTest.jarOf(CatalogReader.class, dir.resolve(name + ".jar")).toString());
    app.addAll(statements);
    String out = submit(name, app);
    Map<String, List<String>> rows = new LinkedHashMap<>();
    statements.forEach(s -> rows.put(s, new ArrayList<>()));
    for (String line : out.split("\n")) {
      int arrow = line.indexOf(" => ");
      if (arrow > 0 && rows.containsKey(line.substring(0, arrow))) {
        rows.get(line.substring(0, arrow)).add(line.substring(arrow + 4));
      }
    }
    return rows;
  }

  private static String count(String table) {
    return "SELECT count(*) FROM greentrain." + table;
  }

  private static String runsOf(String runId) {
    return count("runs") + " WHERE run_id = '" + runId + "'";
  }

  private static String stagesOf(String runId) {
    return count("stage_energy") + " WHERE run_id = '" + runId + "'";
  }

  /**
   * Spark-submits {@code app} in a JVM of its own on Spark with Hive support, with the metastore
   * (embedded Derby) and Hive's scratch directories in this test's directory; what it printed.
   */
  private static String submit(String name, List<String> app) throws Exception {
    Path log = dir.resolve(name + ".log");
    List<String> command =
        EnergyPluginSubmitTest.sparkSubmit(
            Path.of(System.getProperty("greentrain.test.spark-hive-classpath")),
            "-Dai.djl.offline=true",
            // Short JVMs that mostly load classes: C1 alone starts them in about half the time.
            "-XX:TieredStopAtLevel=1",
            "-Dderby.system.home=" + dir);
    command.addAll(
        List.of(
            "--master",
            "local[1]",
            "--conf",
            "spark.ui.enabled=false",
            "--conf",
            "spark.sql.catalogImplementation=hive",
            "--conf",
            "spark.hadoop.javax.jdo.option.ConnectionURL=jdbc:derby:;databaseName="
                + dir.resolve("metastore_db")
                + ";create=true",
            "--conf",
            "spark.sql.warehouse.dir=" + dir.resolve("spark-warehouse"),
            "--conf",
            "spark.hadoop.hive.exec.scratchdir=" + dir.resolve("hive-scratch"),
            "--conf",
            "spark.hadoop.hive.exec.local.scratchdir=" + dir.resolve("hive-local"),
            "--conf",
            "spark.hadoop.hive.downloaded.resources.dir=" + dir.resolve("hive-resources")));
    command.addAll(app);
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    try {
      assertThat(p.waitFor(180, TimeUnit.SECONDS)).as(name + " finished in time").isTrue();
    } finally {
      p.destroyForcibly();
    }
    String out = Files.readString(log);
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
