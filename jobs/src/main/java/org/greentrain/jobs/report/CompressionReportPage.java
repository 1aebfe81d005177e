package org.greentrain.jobs.report;

import java.awt.BasicStroke;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.greentrain.error.UserError;
import org.greentrain.store.EvaluationTables;
import org.greentrain.store.Warehouse;
import org.greentrain.store.WarehouseFiles;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The compression report of a run: {@code compression.md}, a table of every variant's accuracy,
 * size and inference cost, and {@code compression.png}, accuracy against file size and against
 * energy per 1,000 images, one point per variant. Every number is read from the run's rows of the
 * {@code evaluations} table.
 */
public final class CompressionReportPage {

  /** One variant's row of the evaluations table. */
  public record Point(
      String variant,
      double accuracy,
      double dropPoints,
      long fileBytes,
      double ratio,
      long parameters,
      long flopsPerImage,
      double p50Ms,
      double p99Ms,
      double joulesPer1k,
      boolean estimated) {}

  private CompressionReportPage() {}

  /** The run's variants, largest file first; empty if the run was not evaluated. */
  public static List<Point> read(SparkSession spark, Warehouse warehouse, String runId) {
    List<Point> points = new ArrayList<>();
    for (Row r :
        spark
            .read()
            .parquet(warehouse.table(EvaluationTables.EVALUATIONS.name()).toString())
            .where(functions.col("run_id").equalTo(runId))
            .orderBy(functions.col("file_bytes").desc(), functions.col("variant"))
            .collectAsList()) {
      points.add(
          new Point(
              r.getAs("variant"),
              r.<Double>getAs("accuracy"),
              r.<Double>getAs("accuracy_drop_points"),
              r.<Long>getAs("file_bytes"),
              r.<Double>getAs("compression_ratio"),
              r.<Long>getAs("parameters"),
              r.<Long>getAs("flops_per_image"),
              r.<Double>getAs("batch_latency_p50_ms"),
              r.<Double>getAs("batch_latency_p99_ms"),
              r.<Double>getAs("inference_j_per_1k_images"),
              r.<Boolean>getAs("energy_estimated")));
    }
    return points;
  }

  /** Writes compression.md and compression.png into {@code dir}, each atomically. */
  public static void write(WarehouseFiles files, Path dir, String runId, List<Point> points) {
    if (points.isEmpty()) {
      throw new UserError(
          "Cannot write the compression report of run "
              + runId
              + ": it has no rows in the evaluations table; run `greentrain evaluate --run-id "
              + runId
              + "` first");
    }
    byte[] md = markdown(runId, points).getBytes(StandardCharsets.UTF_8);
    byte[] png = chart(runId, points);
    files.writeAtomically(new Path(dir, "compression.md"), out -> out.write(md));
    files.writeAtomically(new Path(dir, "compression.png"), out -> out.write(png));
  }

  static String markdown(String runId, List<Point> points) {
    StringBuilder s = new StringBuilder();
    s.append("# Compression report, run ").append(runId).append("\n\n");
    s.append(
        "Test-split accuracy, artifact size and inference cost of every variant, from the"
            + " `evaluations` table. Latency is per batch on the executors; energy is the variant's"
            + " own Spark job per 1,000 test images (`*` = estimated by the CPU-time model, not"
            + " metered).\n\n");
    s.append("![accuracy against size and energy](compression.png)\n\n");
    s.append(
        "| variant | accuracy % | drop pt | file bytes | S1/S2 | parameters | FLOPs/image"
            + " | batch p50 ms | batch p99 ms | J per 1k images |\n");
    s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Point p : points) {
      s.append(
          String.format(
              Locale.ROOT,
              "| %s | %.2f | %.2f | %d | %.2f | %d | %d | %.2f | %.2f | %.3f%s |%n",
              p.variant(),
              100 * p.accuracy(),
              p.dropPoints(),
              p.fileBytes(),
              p.ratio(),
              p.parameters(),
              p.flopsPerImage(),
              p.p50Ms(),
              p.p99Ms(),
              p.joulesPer1k(),
              p.estimated() ? "*" : ""));
    }
    return s.toString();
  }

  /** Two panels sharing the accuracy axis: against KiB, and against J per 1k images. */
  static byte[] chart(String runId, List<Point> points) {
    System.setProperty("java.awt.headless", "true");
    XYSeriesCollection bySize = new XYSeriesCollection();
    XYSeriesCollection byEnergy = new XYSeriesCollection();
    for (Point p : points) {
      XYSeries size = new XYSeries(p.variant());
      size.add(p.fileBytes() / 1024.0, 100 * p.accuracy());
      bySize.addSeries(size);
      XYSeries energy = new XYSeries(p.variant());
      energy.add(p.joulesPer1k(), 100 * p.accuracy());
      byEnergy.addSeries(energy);
    }
    NumberAxis accuracy = new NumberAxis("test accuracy %");
    accuracy.setAutoRangeIncludesZero(false);
    CombinedRangeXYPlot plot = new CombinedRangeXYPlot(accuracy);
    plot.add(panel(bySize, "file KiB", true));
    plot.add(panel(byEnergy, "J per 1,000 images", false));
    JFreeChart chart =
        new JFreeChart(
            "Run " + runId + ": accuracy against size and inference energy",
            JFreeChart.DEFAULT_TITLE_FONT,
            plot,
            true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, ReportCharts.WIDTH, ReportCharts.HEIGHT);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to draw the compression chart of run " + runId, e);
    }
    return out.toByteArray();
  }

  /** One panel; a variant has the same colour and shape in both, and one legend entry. */
  private static XYPlot panel(XYSeriesCollection data, String xLabel, boolean inLegend) {
    NumberAxis x = new NumberAxis(xLabel);
    x.setAutoRangeIncludesZero(false);
    XYLineAndShapeRenderer points = new XYLineAndShapeRenderer(false, true);
    points.setDefaultStroke(new BasicStroke(1f));
    DefaultDrawingSupplier colours = new DefaultDrawingSupplier();
    for (int i = 0; i < data.getSeriesCount(); i++) {
      points.setSeriesPaint(i, colours.getNextPaint());
      points.setSeriesShape(i, colours.getNextShape());
      points.setSeriesVisibleInLegend(i, inLegend);
    }
    return new XYPlot(data, x, null, points);
  }
}
