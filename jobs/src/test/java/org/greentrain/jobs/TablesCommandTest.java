package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.greentrain.energy.table.TableSchema;
import org.greentrain.jobs.ops.TablesCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code greentrain tables} against the tables of a real (small) run: its Spark SQL statements
 * register tables that read back the rows of the Parquet directories, its DuckDB views count the
 * same rows, and its Trino statements name every column and partition.
 */
class TablesCommandTest {

  /** What a run of the pipeline writes; tuning_trials (tune) and rejects (bad data) it does not. */
  private static final List<String> WRITTEN =
      List.of("runs", "stage_energy", "task_energy", "training_rounds", "evaluations", "models");

  @TempDir static Path warehouse;

  private static Cli spark;
  private static Cli duckdb;
  private static Cli trino;
  private static Cli all;
  private static Cli register;
  private static SparkSession session;

  @BeforeAll
  static void runAndRegister() {
    Cli run =
        Cli.run(PipelineEndToEndTest.args(warehouse, "run", "cat", "--conf", "train.rounds=1"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    spark = tables();
    duckdb = tables("--dialect", "duckdb");
    trino = tables("--dialect", "trino", "--database", "energy");
    all = tables("--dialect", "all");
    // Before this test's own session: the command's session would be this one, and it stops it.
    register = tables("--register");
    session =
        SparkSession.builder()
            .master("local[2]")
            .appName("TablesCommandTest")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            // Read directly, partition values stay the strings the directories hold.
            .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (session != null) {
      session.stop();
    }
  }

  private static Cli tables(String... options) {
    List<String> args = new ArrayList<>(List.of("tables", "--conf", "run.warehouse=" + warehouse));
    args.addAll(Arrays.asList(options));
    Cli c = Cli.run(args.toArray(String[]::new));
    assertThat(c.exitCode()).as(c.err()).isZero();
    return c;
  }

  @Test
  void sparkSqlTablesReadBackTheRowsOfTheParquetDirectories() {
    assertThat(created(spark.out(), "CREATE TABLE IF NOT EXISTS `greentrain`.`(\\w+)`"))
        .containsExactlyElementsOf(WRITTEN);

    for (String statement : statements(spark.out())) {
      session.sql(statement);
    }
    for (String table : WRITTEN) {
      Dataset<Row> registered = session.table("greentrain." + table);
      Dataset<Row> direct = session.read().parquet(warehouse.resolve("tables/" + table).toString());
      assertThat(direct.count()).as(table).isPositive();
      assertThat(rows(registered)).as(table).isEqualTo(rows(direct));
      assertThat(names(registered)).as(table).isEqualTo(names(direct));
    }
    // A partition column is a string, as in the files' directories, not a date.
    assertThat(session.table("greentrain.runs").schema().apply("run_date").dataType().sql())
        .isEqualTo("STRING");
    assertThat(session.table("greentrain.stage_energy").where("run_id = 'cat'").count())
        .isEqualTo(5);
  }

  @Test
  void registerRunsTheSparkStatementsAndCountsEveryTableThroughTheCatalog() {
    assertThat(register.out())
        .startsWith(
            "registered in the in-memory catalog (spark.sql.catalogImplementation), which lasts"
                + " as long as this session:");
    for (String table : WRITTEN) {
      long rows = session.read().parquet(warehouse.resolve("tables/" + table).toString()).count();
      assertThat(register.out()).containsPattern("greentrain\\." + table + " +" + rows + " rows");
    }
  }

  @Test
  void duckDbViewsCountTheRowsSparkReads() throws Exception {
    assertThat(created(duckdb.out(), "CREATE OR REPLACE VIEW \"greentrain\".\"(\\w+)\""))
        .containsExactlyElementsOf(WRITTEN);
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      for (String statement : statements(duckdb.out())) {
        st.execute(statement);
      }
      for (String table : WRITTEN) {
        long sparkRows =
            session.read().parquet(warehouse.resolve("tables/" + table).toString()).count();
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM greentrain." + table)) {
          rs.next();
          assertThat(rs.getLong(1)).as(table).isEqualTo(sparkRows);
        }
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("DESCRIBE greentrain." + table)) {
          while (rs.next()) {
            columns.add(rs.getString("column_name") + " " + rs.getString("column_type"));
          }
        }
        assertThat(columns).as(table).contains("run_date VARCHAR", "run_id VARCHAR");
        assertThat(columns.stream().map(c -> c.split(" ")[0]).toList())
            .as(table)
            .isEqualTo(
                names(session.read().parquet(warehouse.resolve("tables/" + table).toString())));
      }
    }
  }

  @Test
  void trinoStatementsNameEveryColumnAndPartitionOfEachTable() {
    String out = trino.out();
    assertThat(out).startsWith("CREATE SCHEMA IF NOT EXISTS hive.\"energy\";\n");
    assertThat(created(out, "CREATE TABLE IF NOT EXISTS hive.\"energy\".\"(\\w+)\""))
        .containsExactlyElementsOf(WRITTEN);
    for (TableSchema t : TablesCommand.TABLES) {
      if (!WRITTEN.contains(t.name())) {
        continue;
      }
      String create = statement(out, "CREATE TABLE IF NOT EXISTS hive.\"energy\".\"" + t.name());
      // The columns in the table's order, each quoted, partition columns last.
      List<String> quoted = new ArrayList<>();
      Matcher m = Pattern.compile("(?m)^  \"(\\w+)\" ").matcher(create);
      while (m.find()) {
        quoted.add(m.group(1));
      }
      assertThat(quoted).as(t.name()).isEqualTo(t.columns().stream().map(c -> c.name()).toList());
      assertThat(create)
          .contains(
              "external_location = 'file://" + warehouse.resolve("tables/" + t.name()) + "'",
              "format = 'PARQUET'",
              "partitioned_by = ARRAY['run_date', 'run_id'"
                  + (t.name().equals("task_energy") ? ", 'stage']" : "]"));
      assertThat(out)
          .contains(
              "CALL hive.system.sync_partition_metadata(schema_name => 'energy', table_name => '"
                  + t.name()
                  + "', mode => 'FULL');");
    }
    String runs = statement(out, "CREATE TABLE IF NOT EXISTS hive.\"energy\".\"runs\"");
    assertThat(runs)
        .contains(
            "\"seed\" bigint ",
            "\"stages\" integer ",
            "\"estimated\" boolean ",
            "\"energy_j\" double ",
            "\"run_date\" varchar ");
    assertThat(statement(out, "CREATE TABLE IF NOT EXISTS hive.\"energy\".\"evaluations\""))
        .contains(
            "\"class_accuracy\" array(double) ", "\"confusion_matrix\" array(array(bigint)) ");
  }

  @Test
  void allPrintsEachDialectUnderAHeader() {
    assertThat(all.out().lines().filter(l -> l.startsWith("-- ")).toList())
        .containsExactly("-- spark", "-- duckdb", "-- trino");
    assertThat(all.out()).contains(spark.out(), duckdb.out());
  }

  @Test
  void aMissingWarehouseAnUnknownDialectOrABadDatabaseIsAUserError() {
    Path nowhere = warehouse.resolve("nowhere");
    Cli missing = Cli.run("tables", "--conf", "run.warehouse=" + nowhere);
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err())
        .isEqualTo(
            "greentrain: error: Cannot register the tables: no tables under file:"
                + nowhere
                + "/tables (run.warehouse; a run writes them)\n");
    assertThat(Files.exists(nowhere)).isFalse();

    Cli dialect = Cli.run("tables", "--dialect", "oracle", "--conf", "run.warehouse=" + warehouse);
    assertThat(dialect.exitCode()).isEqualTo(2);
    assertThat(dialect.err())
        .startsWith(
            "Invalid value for option '--dialect': expected one of [spark, duckdb, trino, all]"
                + " (case-sensitive) but was 'oracle'");

    Cli database =
        Cli.run("tables", "--database", "green-train", "--conf", "run.warehouse=" + warehouse);
    assertThat(database.exitCode()).isEqualTo(2);
    assertThat(database.err())
        .isEqualTo(
            "greentrain: error: Invalid database name: green-train (lower-case letters, digits"
                + " and _)\n");

    Cli registerTrino =
        Cli.run(
            "tables", "--register", "--dialect", "trino", "--conf", "run.warehouse=" + warehouse);
    assertThat(registerTrino.exitCode()).isEqualTo(2);
    assertThat(registerTrino.err())
        .isEqualTo(
            "greentrain: error: Invalid --dialect with --register: trino (--register runs Spark"
                + " SQL)\n");
  }

  @Test
  void aHiveCatalogWithoutSparksHiveSupportIsAUserError(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("hive.conf");
    Files.writeString(conf, "spark.conf { \"spark.sql.catalogImplementation\" = hive }\n");

    Cli hive =
        Cli.run(
            "tables",
            "--register",
            "--config",
            conf.toString(),
            "--conf",
            "run.warehouse=" + warehouse);

    assertThat(hive.exitCode()).isEqualTo(2);
    assertThat(hive.err())
        .isEqualTo(
            "greentrain: error: Cannot use the Hive catalog (spark.sql.catalogImplementation=hive):"
                + " Spark's Hive support (spark-hive) is not on the classpath; run under a Spark"
                + " distribution built with Hive\n");
  }

  /** The statements of the command's output, each without its closing {@code ;}. */
  static List<String> statements(String out) {
    return Arrays.stream(out.split(";\n"))
        .map(String::strip)
        .filter(s -> !s.isEmpty() && !s.startsWith("--"))
        .toList();
  }

  private static String statement(String out, String start) {
    return statements(out).stream().filter(s -> s.startsWith(start)).findFirst().orElseThrow();
  }

  private static List<String> created(String out, String regex) {
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile(regex).matcher(out);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static List<String> rows(Dataset<Row> rows) {
    return rows.collectAsList().stream().map(Row::toString).sorted().collect(Collectors.toList());
  }

  private static List<String> names(Dataset<Row> rows) {
    return Arrays.stream(rows.schema().fields()).map(StructField::name).toList();
  }
}
