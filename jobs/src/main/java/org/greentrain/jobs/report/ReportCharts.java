package org.greentrain.jobs.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/** The report's charts as PNG bytes, by file name. Drawn headless; no display is needed. */
final class ReportCharts {

  static final int WIDTH = 800;
  static final int HEIGHT = 400;

  private ReportCharts() {}

  static Map<String, byte[]> draw(ReportData data) {
    System.setProperty("java.awt.headless", "true");
    Map<String, byte[]> charts = new LinkedHashMap<>();
    DefaultCategoryDataset stages = new DefaultCategoryDataset();
    for (ReportData.Stage s : data.stages()) {
      stages.addValue(s.energyJ(), "energy J", s.stage());
      stages.addValue(s.co2eG() * 1000, "CO2e mg", s.stage());
    }
    charts.put(
        "stages.png",
        png(
            ChartFactory.createBarChart(
                "Run " + data.run().runId() + ": energy and CO2e per stage",
                "stage",
                "J / mg",
                stages,
                PlotOrientation.VERTICAL,
                true,
                false,
                false)));

    DefaultCategoryDataset trend = new DefaultCategoryDataset();
    for (ReportData.Run r : data.trend()) {
      trend.addValue(r.energyKwh() * 1000, "energy Wh", r.runId());
      trend.addValue(r.co2eG(), "CO2e g", r.runId());
      if (r.fp32Accuracy() != null) {
        trend.addValue(r.fp32Accuracy() * 100, "fp32 accuracy %", r.runId());
      }
    }
    charts.put(
        "trend.png",
        png(
            ChartFactory.createLineChart(
                "Last " + data.trend().size() + " runs",
                "run",
                "Wh / g / %",
                trend,
                PlotOrientation.VERTICAL,
                true,
                false,
                false)));

    if (!data.variants().isEmpty()) {
      charts.put(
          "compression.png", CompressionReportPage.chart(data.run().runId(), data.variants()));
    }
    return charts;
  }

  private static byte[] png(JFreeChart chart) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to draw the chart " + chart.getTitle().getText(), e);
    }
    return out.toByteArray();
  }
}
