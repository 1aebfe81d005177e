package org.greentrain.jobs.report;

import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a report as one self-contained HTML page (charts embedded as data URIs). Table cells
 * carry {@code data-run}, {@code data-stage} and {@code data-col} so tests and scripts can read the
 * numbers back.
 */
final class ReportHtml {

  private ReportHtml() {}

  static String render(ReportData data, Map<String, byte[]> charts) {
    StringBuilder h = new StringBuilder();
    ReportData.Run run = data.run();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>GreenTrain report ")
        .append(esc(run.runId()))
        .append("</title>")
        .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
        .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}</style>")
        .append("</head><body>\n<h1>GreenTrain run ")
        .append(esc(run.runId()))
        .append("</h1>\n")
        .append("<p>run date ")
        .append(esc(run.runDate()))
        .append(", status ")
        .append(esc(run.status()))
        .append("</p>\n");
    stages(h, data, charts);
    trend(h, data, charts);
    variants(h, data, charts);
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void stages(StringBuilder h, ReportData data, Map<String, byte[]> charts) {
    h.append("<h2>Energy, CO2e, embodied CO2e and water per stage</h2>\n<table><tr>")
        .append("<th>stage</th><th>wall s</th><th>energy J</th><th>CO2e g</th>")
        .append("<th>embodied CO2e g</th><th>water L</th></tr>\n");
    for (ReportData.Stage s : data.stages()) {
      h.append("<tr><td>")
          .append(esc(s.stage()))
          .append("</td>")
          .append(cell("stage", s.stage(), "wall_s", fmt("%.1f", s.wallS())))
          .append(cell("stage", s.stage(), "energy_j", fmt("%.1f", s.energyJ())))
          .append(cell("stage", s.stage(), "co2e_g", fmt("%.4f", s.co2eG())))
          .append(cell("stage", s.stage(), "embodied_co2e_g", orDash("%.4f", s.embodiedG())))
          .append(cell("stage", s.stage(), "water_l", orDash("%.5f", s.waterL())))
          .append("</tr>\n");
    }
    h.append("</table>\n").append(img(charts, "stages.png"));
  }

  private static void trend(StringBuilder h, ReportData data, Map<String, byte[]> charts) {
    h.append("<h2>Last ")
        .append(data.trend().size())
        .append(" runs</h2>\n<table><tr>")
        .append("<th>run</th><th>date</th><th>status</th><th>kWh</th><th>CO2e g</th>")
        .append("<th>embodied CO2e g</th><th>water L</th><th>fp32 accuracy</th></tr>\n");
    for (ReportData.Run r : data.trend()) {
      h.append("<tr><td>")
          .append(esc(r.runId()))
          .append("</td><td>")
          .append(esc(r.runDate()))
          .append("</td><td>")
          .append(esc(r.status()))
          .append("</td>")
          .append(cell("run", r.runId(), "energy_kwh", fmt("%.6f", r.energyKwh())))
          .append(cell("run", r.runId(), "co2e_g", fmt("%.4f", r.co2eG())))
          .append(cell("run", r.runId(), "embodied_co2e_g", embodied(r)))
          .append(cell("run", r.runId(), "water_l", orDash("%.5f", r.waterL())))
          .append(
              cell(
                  "run",
                  r.runId(),
                  "fp32_accuracy",
                  r.fp32Accuracy() == null ? "-" : fmt("%.4f", r.fp32Accuracy())))
          .append("</tr>\n");
    }
    h.append("</table>\n").append(img(charts, "trend.png"));
  }

  private static void variants(StringBuilder h, ReportData data, Map<String, byte[]> charts) {
    h.append("<h2>Compression variants</h2>\n");
    if (data.variants().isEmpty()) {
      h.append("<p>This run has no rows in the evaluations table.</p>\n");
    } else {
      h.append("<table><tr><th>variant</th><th>accuracy</th><th>drop (points)</th>")
          .append("<th>bytes</th><th>S1/S2</th><th>FLOPs per image</th>")
          .append("<th>batch p50 ms</th><th>J per 1k images</th></tr>\n");
      for (CompressionReportPage.Point v : data.variants()) {
        String name = v.variant();
        h.append("<tr><td>")
            .append(esc(name))
            .append("</td>")
            .append(cell("variant", name, "accuracy", fmt("%.4f", v.accuracy())))
            .append(cell("variant", name, "accuracy_drop_points", fmt("%.2f", v.dropPoints())))
            .append(cell("variant", name, "bytes", Long.toString(v.fileBytes())))
            .append(cell("variant", name, "compression_ratio", fmt("%.2f", v.ratio())))
            .append(cell("variant", name, "flops_per_image", Long.toString(v.flopsPerImage())))
            .append(cell("variant", name, "batch_latency_p50_ms", fmt("%.1f", v.p50Ms())))
            .append(
                cell(
                    "variant",
                    name,
                    "inference_j_per_1k_images",
                    fmt("%.3f", v.joulesPer1k()) + (v.estimated() ? "*" : "")))
            .append("</tr>\n");
      }
      h.append("</table>\n<p>* estimated by the CPU-time model, not metered</p>\n")
          .append(img(charts, "compression.png"));
    }
  }

  private static String cell(String kind, String key, String col, String value) {
    return "<td data-" + kind + "=\"" + esc(key) + "\" data-col=\"" + col + "\">" + value + "</td>";
  }

  private static String img(Map<String, byte[]> charts, String name) {
    return "<p><img alt=\""
        + name
        + "\" width=\""
        + ReportCharts.WIDTH
        + "\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(charts.get(name))
        + "\"></p>\n";
  }

  private static String fmt(String pattern, double v) {
    return String.format(Locale.ROOT, pattern, v);
  }

  private static String esc(String s) {
    return s == null
        ? ""
        : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** A figure, or "-" where the row predates it. */
  private static String orDash(String format, Double value) {
    return value == null ? "-" : fmt(format, value);
  }

  /** The run's embodied CO2e, marked where its hardware matched no row of the table. */
  private static String embodied(ReportData.Run r) {
    String grams = orDash("%.4f", r.embodiedG());
    return Boolean.TRUE.equals(r.embodiedDefault()) ? grams + " (default hardware)" : grams;
  }
}
