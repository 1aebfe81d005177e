package org.greentrain.jobs.report;

import java.awt.Color;
import java.awt.Paint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's charts as PNG bytes (the tuning chart as SVG), by file name. Small multiples: every
 * metric is a panel of its own with its own axis and unit, the panels of a chart sharing the
 * horizontal axis. Drawn headless; no display is needed.
 */
final class ReportCharts {

  static final int WIDTH = 800;
  static final int HEIGHT = 400;
  private static final int PANEL_HEIGHT = 190;

  /** Tasks, wasted attempts, overhead, node other: the order of {@link EnergySplit.Part}. */
  private static final Paint[] PART_COLOURS = {
    new Color(0x2e7d32), new Color(0xc62828), new Color(0xef8f00), new Color(0x9e9e9e)
  };

  static final String[] PART_LABELS = {
    "tasks",
    "failed/killed attempts",
    "executor overhead + driver",
    "node other (idle, other processes)"
  };

  private ReportCharts() {}

  static Map<String, byte[]> draw(ReportData data) {
    System.setProperty("java.awt.headless", "true");
    Map<String, byte[]> charts = new LinkedHashMap<>();
    charts.put("stages.png", stages(data));
    charts.put("trend.png", trend(data.trend()));
    if (!data.rounds().isEmpty()) {
      charts.put("rounds.png", rounds(data));
    }
    if (!data.variants().isEmpty()) {
      charts.put(
          "compression.png", CompressionReportPage.chart(data.run().runId(), data.variants()));
    }
    if (data.tuning() != null) {
      // The chart `greentrain tune` writes, as it wrote it.
      charts.put(
          TuningChart.FILE,
          TuningChart.svg(data.tuning().runId(), data.tuning().trials())
              .getBytes(StandardCharsets.UTF_8));
    }
    return charts;
  }

  /** Energy per stage split by where it went (stacked, J), CO2e (mg) and wall time (s). */
  private static byte[] stages(ReportData data) {
    DefaultCategoryDataset energy = new DefaultCategoryDataset();
    if (data.splits().isEmpty()) {
      for (ReportData.Stage s : data.stages()) {
        energy.addValue(s.energyJ(), "application (no task_energy rows)", s.stage());
      }
    } else {
      for (EnergySplit.Share s : data.splits()) {
        double[] parts = {s.tasksJ(), s.wastedJ(), s.overheadJ(), s.nodeOtherJ()};
        for (int i = 0; i < parts.length; i++) {
          energy.addValue(parts[i], PART_LABELS[i], s.stage());
        }
      }
    }
    StackedBarRenderer stacked = new StackedBarRenderer();
    if (!data.splits().isEmpty()) {
      for (int i = 0; i < PART_COLOURS.length; i++) {
        stacked.setSeriesPaint(i, PART_COLOURS[i]);
      }
    }
    stacked.setShadowVisible(false);
    // Flat fills: the default gradient's highlight reads as a band of its own.
    stacked.setBarPainter(new StandardBarPainter());
    CombinedDomainCategoryPlot plot = new CombinedDomainCategoryPlot(new CategoryAxis("stage"));
    plot.add(new CategoryPlot(energy, null, new NumberAxis("energy (J)"), stacked), 2);
    plot.add(
        panel(data.stages(), ReportData.Stage::stage, s -> s.co2eG() * 1000, "CO2e (mg)", bars()));
    plot.add(
        panel(data.stages(), ReportData.Stage::stage, ReportData.Stage::wallS, "wall (s)", bars()));
    return png(
        new JFreeChart(
            "Run " + data.run().runId() + ": where each stage's energy went",
            JFreeChart.DEFAULT_TITLE_FONT,
            plot,
            true),
        4 * PANEL_HEIGHT);
  }

  /** Energy (Wh), CO2e (g), wall time (s) and fp32 test accuracy (%) per run. */
  private static byte[] trend(List<ReportData.Run> runs) {
    CategoryAxis run = new CategoryAxis("run");
    run.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    CombinedDomainCategoryPlot plot = new CombinedDomainCategoryPlot(run);
    plot.add(panel(runs, ReportData.Run::runId, r -> r.energyKwh() * 1000, "energy (Wh)", line()));
    plot.add(panel(runs, ReportData.Run::runId, ReportData.Run::co2eG, "CO2e (g)", line()));
    plot.add(panel(runs, ReportData.Run::runId, ReportData.Run::wallS, "wall (s)", line()));
    plot.add(
        panel(
            runs.stream().filter(r -> r.fp32Accuracy() != null).toList(),
            ReportData.Run::runId,
            r -> 100 * r.fp32Accuracy(),
            "fp32 accuracy (%)",
            line()));
    return png(
        new JFreeChart("Last " + runs.size() + " runs", JFreeChart.DEFAULT_TITLE_FONT, plot, false),
        4 * PANEL_HEIGHT + 60);
  }

  /** Training loss, validation accuracy (%) and energy (J) per round. */
  private static byte[] rounds(ReportData data) {
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(integerAxis("round"));
    plot.add(xyPanel(data.rounds(), r -> r.trainLoss(), "training loss"));
    List<ReportData.Round> validated =
        data.rounds().stream().filter(r -> r.validationAccuracy() != null).toList();
    if (!validated.isEmpty()) {
      plot.add(xyPanel(validated, r -> 100 * r.validationAccuracy(), "validation accuracy (%)"));
    }
    List<ReportData.Round> metered =
        data.rounds().stream().filter(r -> r.energyJ() != null).toList();
    if (!metered.isEmpty()) {
      plot.add(xyPanel(metered, r -> r.energyJ(), "energy (J)"));
    }
    return png(
        new JFreeChart(
            "Run " + data.run().runId() + ": training per round",
            JFreeChart.DEFAULT_TITLE_FONT,
            plot,
            false),
        plot.getSubplots().size() * PANEL_HEIGHT + 60);
  }

  private static <T> CategoryPlot panel(
      List<T> rows,
      java.util.function.Function<T, String> category,
      ToDoubleFunction<T> value,
      String axis,
      org.jfree.chart.renderer.category.CategoryItemRenderer renderer) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (T r : rows) {
      data.addValue(value.applyAsDouble(r), axis, category.apply(r));
    }
    NumberAxis y = new NumberAxis(axis);
    y.setAutoRangeIncludesZero(renderer instanceof BarRenderer);
    return new CategoryPlot(data, null, y, renderer);
  }

  private static XYPlot xyPanel(
      List<ReportData.Round> rounds, ToDoubleFunction<ReportData.Round> value, String axis) {
    XYSeries series = new XYSeries(axis);
    for (ReportData.Round r : rounds) {
      series.add(r.round(), value.applyAsDouble(r));
    }
    NumberAxis y = new NumberAxis(axis);
    y.setAutoRangeIncludesZero(false);
    return new XYPlot(new XYSeriesCollection(series), null, y, new XYLineAndShapeRenderer());
  }

  private static NumberAxis integerAxis(String label) {
    NumberAxis x = new NumberAxis(label);
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    x.setAutoRangeIncludesZero(false);
    return x;
  }

  private static BarRenderer bars() {
    BarRenderer r = new BarRenderer();
    r.setShadowVisible(false);
    r.setBarPainter(new StandardBarPainter());
    r.setSeriesPaint(0, new Color(0x1565c0));
    // The panel's axis names it; the legend is for the parts of the energy.
    r.setSeriesVisibleInLegend(0, false);
    return r;
  }

  private static LineAndShapeRenderer line() {
    LineAndShapeRenderer r = new LineAndShapeRenderer(true, true);
    r.setSeriesPaint(0, new Color(0x1565c0));
    return r;
  }

  private static byte[] png(JFreeChart chart, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, WIDTH, height);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to draw the chart " + chart.getTitle().getText(), e);
    }
    return out.toByteArray();
  }
}
