package org.greentrain.jobs.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.energy.PathSegments;
import org.greentrain.error.UserError;
import org.greentrain.jobs.ConfigOptions;
import org.greentrain.jobs.Sessions;
import org.greentrain.store.Warehouse;
import org.greentrain.store.WarehouseFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Writes report.html and its PNG charts from the tables and the model registry; every number comes
 * from them.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "Write an HTML report with PNG charts: a run's stages and where their energy went, its"
            + " training rounds, the change since LATEST, everyday equivalents, the recent trend,"
            + " the model variants, the latest tuning run's trials.")
public final class ReportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--run", paramLabel = "ID", description = "Run to detail; default the newest")
  String runId;

  @Option(names = "--last", defaultValue = "30", description = "Runs in the trend (default 30)")
  int last;

  @Option(
      names = "--out",
      defaultValue = "report",
      paramLabel = "DIR",
      description = "Local directory for report.html and the PNGs (default ./report)")
  Path out;

  @Mixin ConfigOptions config;

  @Override
  public Integer call() {
    if (last < 1) {
      throw new UserError("Invalid --last: " + last + " (at least 1)");
    }
    if (runId != null) {
      UserError.fromInput(() -> PathSegments.check("run id", runId));
    }
    GreenTrainConfig cfg = config.load();
    SparkSession spark = Sessions.tableReader("greentrain report");
    ReportData data;
    try {
      WarehouseFiles files = new WarehouseFiles(spark.sparkContext().hadoopConfiguration());
      Warehouse warehouse = new Warehouse(files.qualify(cfg.run().warehouse()));
      data = new ReportTables(spark, warehouse, files).read(runId, last, cfg.publish().modelName());
      if (!data.variants().isEmpty()) {
        CompressionReportPage.write(
            files,
            new org.apache.hadoop.fs.Path(out.toAbsolutePath().toUri()),
            data.run().runId(),
            data.variants());
      }
    } finally {
      spark.stop();
    }
    Map<String, byte[]> charts = ReportCharts.draw(data);
    try {
      Files.createDirectories(out);
      for (Map.Entry<String, byte[]> c : charts.entrySet()) {
        Files.write(out.resolve(c.getKey()), c.getValue());
      }
      Files.writeString(
          out.resolve("report.html"), ReportHtml.render(data, charts), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write the report to " + out, e);
    }
    spec.commandLine()
        .getOut()
        .printf(
            "report for run %s (%d runs in the trend): %s%n",
            data.run().runId(), data.trend().size(), out.resolve("report.html"));
    return 0;
  }
}
