package org.greentrain.jobs.ops;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.data.spark.RejectsTable;
import org.greentrain.energy.table.EnergyTables;
import org.greentrain.energy.table.TableSchema;
import org.greentrain.error.UserError;
import org.greentrain.jobs.ConfigOptions;
import org.greentrain.jobs.Sessions;
import org.greentrain.store.CatalogDialect;
import org.greentrain.store.EvaluationTables;
import org.greentrain.store.TrainingRoundsTable;
import org.greentrain.store.TuningTrialsTable;
import org.greentrain.store.Warehouse;
import org.greentrain.store.WarehouseFiles;
import org.greentrain.store.WarehouseTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints the SQL that registers the warehouse's tables (those it holds) in Spark SQL's, DuckDB's or
 * Trino's catalog, as tables over their Parquet directories; with {@code --register} runs the Spark
 * SQL statements in this command's session and reads every table back through the catalog.
 */
@Command(
    name = "tables",
    mixinStandardHelpOptions = true,
    description =
        "Print the SQL that registers the warehouse's tables for Spark SQL, DuckDB or Trino.")
public final class TablesCommand implements Callable<Integer> {

  /** Every table a GreenTrain warehouse may hold, in the order they are registered. */
  public static final List<TableSchema> TABLES =
      List.of(
          WarehouseTables.RUNS,
          WarehouseTables.STAGE_ENERGY,
          EnergyTables.TASK_ENERGY,
          TrainingRoundsTable.SCHEMA,
          EvaluationTables.EVALUATIONS,
          EvaluationTables.MODELS,
          TuningTrialsTable.SCHEMA,
          RejectsTable.SCHEMA);

  /** What {@code --dialect} takes: one engine's statements, or all three under headers. */
  enum Dialect {
    spark,
    duckdb,
    trino,
    all
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--dialect",
      defaultValue = "spark",
      paramLabel = "NAME",
      description = "spark, duckdb, trino or all (default spark)")
  Dialect dialect;

  @Option(
      names = "--database",
      defaultValue = "greentrain",
      paramLabel = "NAME",
      description = "Database (schema) to register the tables in (default greentrain)")
  String database;

  @Option(
      names = "--register",
      description =
          "Run the Spark SQL statements in this command's Spark catalog and count each table's"
              + " rows through it")
  boolean register;

  @Mixin ConfigOptions config;

  @Override
  public Integer call() {
    if (register && dialect != Dialect.spark) {
      throw new UserError(
          "Invalid --dialect with --register: " + dialect + " (--register runs Spark SQL)");
    }
    GreenTrainConfig cfg = config.load();
    PrintWriter out = spec.commandLine().getOut();
    if (register) {
      register(cfg, out);
    } else {
      // Printing needs no Spark: the file system alone says which tables there are.
      WarehouseFiles files = new WarehouseFiles(new Configuration());
      Warehouse warehouse = new Warehouse(files.qualify(cfg.run().warehouse()));
      print(out, warehouse, present(files, warehouse));
    }
    return 0;
  }

  /** Runs the Spark SQL statements, then reads every table back through the catalog. */
  private void register(GreenTrainConfig cfg, PrintWriter out) {
    SparkSession spark = Sessions.catalog(cfg, "greentrain tables");
    try {
      WarehouseFiles files = new WarehouseFiles(spark.sparkContext().hadoopConfiguration());
      Warehouse warehouse = new Warehouse(files.qualify(cfg.run().warehouse()));
      List<TableSchema> tables = present(files, warehouse);
      statements(CatalogDialect.SPARK, warehouse, tables).forEach(spark::sql);
      String catalog = spark.conf().get("spark.sql.catalogImplementation");
      out.printf(
          "registered in the %s catalog (spark.sql.catalogImplementation)%s:%n",
          catalog, "in-memory".equals(catalog) ? ", which lasts as long as this session" : "");
      for (TableSchema t : tables) {
        String name = database + "." + t.name();
        out.printf(Locale.ROOT, "  %-28s %d rows%n", name, spark.table(name).count());
      }
    } finally {
      spark.stop();
    }
  }

  private void print(PrintWriter out, Warehouse warehouse, List<TableSchema> tables) {
    for (CatalogDialect d : CatalogDialect.values()) {
      if (dialect == Dialect.all || dialect.name().equals(d.name().toLowerCase(Locale.ROOT))) {
        if (dialect == Dialect.all) {
          out.printf("-- %s%n", d.name().toLowerCase(Locale.ROOT));
        }
        statements(d, warehouse, tables).forEach(s -> out.printf("%s;%n", s));
      }
    }
  }

  private List<String> statements(CatalogDialect d, Warehouse warehouse, List<TableSchema> tables) {
    return UserError.fromInput(() -> d.statements(database, warehouse, tables));
  }

  /** The tables the warehouse holds; none is the user's error (a wrong run.warehouse). */
  private static List<TableSchema> present(WarehouseFiles files, Warehouse warehouse) {
    List<TableSchema> present =
        TABLES.stream().filter(t -> files.exists(warehouse.table(t.name()))).toList();
    if (present.isEmpty()) {
      throw new UserError(
          "Cannot register the tables: no tables under "
              + warehouse.tables()
              + " (run.warehouse; a run writes them)");
    }
    return present;
  }
}
