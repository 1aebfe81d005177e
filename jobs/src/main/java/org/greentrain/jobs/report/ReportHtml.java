package org.greentrain.jobs.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.greentrain.store.TuningTrial;

/**
 * Renders a report as one self-contained HTML page: charts embedded as data URIs, no script, no
 * external resource, so it opens the same with no network. Every number cell carries {@code
 * data-<kind>="<key>" data-col="<column>"} (kind: run, stage, round, variant, trial, delta,
 * equivalent) so tests and scripts can read the numbers back; every chart is an {@code img} with
 * {@code data-chart}.
 */
final class ReportHtml {

  private static final String STYLE =
      "body{font-family:sans-serif;margin:2em;max-width:60em;color:#222}"
          + "table{border-collapse:collapse;margin:.5em 0}"
          + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
          + "td:first-child,th:first-child{text-align:left}"
          + ".note{color:#555;font-size:90%}"
          + ".illustration{border-left:4px solid #ef8f00;padding:.2em 1em;background:#fff8e1}";

  private ReportHtml() {}

  static String render(ReportData data, Map<String, byte[]> charts) {
    StringBuilder h = new StringBuilder();
    ReportData.Run run = data.run();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>GreenTrain report ")
        .append(esc(run.runId()))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body>\n<h1>GreenTrain run ")
        .append(esc(run.runId()))
        .append("</h1>\n<p>run date ")
        .append(esc(run.runDate()))
        .append(", status ")
        .append(esc(run.status()))
        .append(", grid region ")
        .append(esc(run.region()))
        .append(
            run.estimated()
                ? ". Energy is <b>estimated</b> by the CPU-time model (no readable hardware"
                    + " counter), not metered.</p>\n"
                : ". Energy is metered.</p>\n");
    summary(h, run);
    latest(h, data);
    equivalents(h, run);
    stages(h, data, charts);
    rounds(h, data, charts);
    trend(h, data, charts);
    variants(h, data, charts);
    tuning(h, data.tuning(), charts);
    h.append("</body></html>\n");
    return h.toString();
  }

  static void summary(StringBuilder h, ReportData.Run run) {
    h.append("<h2>This run</h2>\n<table><tr><th>energy kWh</th><th>CO2e g</th>")
        .append("<th>embodied CO2e g</th><th>water L</th><th>wall s</th>")
        .append("<th>fp32 accuracy</th><th>int8 accuracy</th><th>int8 model bytes</th></tr>\n<tr>")
        .append(cell("summary", run.runId(), "energy_kwh", fmt("%.6f", run.energyKwh())))
        .append(cell("summary", run.runId(), "co2e_g", fmt("%.4f", run.co2eG())))
        .append(cell("summary", run.runId(), "embodied_co2e_g", embodied(run)))
        .append(cell("summary", run.runId(), "water_l", orDash("%.5f", run.waterL())))
        .append(cell("summary", run.runId(), "wall_s", fmt("%.1f", run.wallS())))
        .append(cell("summary", run.runId(), "fp32_accuracy", fraction(run.fp32Accuracy())))
        .append(cell("summary", run.runId(), "int8_accuracy", fraction(run.int8Accuracy())))
        .append(
            cell(
                "summary",
                run.runId(),
                "int8_bytes",
                run.int8Bytes() == null ? "-" : Long.toString(run.int8Bytes())))
        .append("</tr></table>\n");
    earlierAttempts(h, run);
  }

  /**
   * Where training resumed, what its earlier attempts used beside the table's figures, which add up
   * the stage rows: the train row is the attempt that finished.
   */
  private static void earlierAttempts(StringBuilder h, ReportData.Run run) {
    if (run.earlierAttemptsJ() == null || run.earlierAttemptsJ() <= 0) {
      return;
    }
    h.append("<p id=\"earlier-attempts\">Training resumed from a checkpoint: its earlier attempts")
        .append(" used a further <span data-col=\"earlier_attempts_energy_kwh\">")
        .append(fmt("%.6f", run.earlierAttemptsJ() / 3.6e6))
        .append("</span> kWh and <span data-col=\"earlier_attempts_co2e_g\">")
        .append(orDash("%.4f", run.earlierAttemptsCo2eG()))
        .append("</span> g CO2e, not in the figures above, which add up this run's stage rows")
        .append(" (runs: earlier_attempts_energy_j, earlier_attempts_co2e_g).</p>\n");
  }

  private static void latest(StringBuilder h, ReportData data) {
    LatestComparison latest = data.latest();
    h.append("<h2>Against LATEST</h2>\n");
    String why = latest.whyNoComparison(data.run());
    if (why != null) {
      h.append("<p id=\"latest-status\">").append(esc(why)).append("</p>\n");
      return;
    }
    h.append("<p id=\"latest-status\">models/")
        .append(esc(latest.modelName()))
        .append("/LATEST points at run ")
        .append(esc(latest.latestVersion()))
        .append(". Change = this run minus LATEST's run.</p>\n")
        .append("<table><tr><th>metric</th><th>this run</th><th>LATEST</th><th>change</th></tr>\n");
    for (LatestComparison.Delta d : latest.deltas(data.run())) {
      String[] shown = deltaCells(d);
      h.append("<tr><td>")
          .append(esc(d.label()))
          .append("</td>")
          .append(cell("delta", d.id(), "this", shown[0]))
          .append(cell("delta", d.id(), "latest", shown[1]))
          .append(cell("delta", d.id(), "change", shown[2]))
          .append("</tr>\n");
    }
    h.append("</table>\n<p class=\"note\">Accuracy change in percentage points; a negative energy")
        .append(" or CO2e change means this run cost less.</p>\n");
  }

  /** This run, LATEST and the change, each in the metric's own format. */
  private static String[] deltaCells(LatestComparison.Delta d) {
    return switch (d.id()) {
      case "energy_kwh" ->
          new String[] {
            fmt("%.6f", d.thisRun()), fmt("%.6f", d.latest()), fmt("%+.6f", d.change())
          };
      case "co2e_g" ->
          new String[] {
            fmt("%.4f", d.thisRun()), fmt("%.4f", d.latest()), fmt("%+.4f", d.change())
          };
      case "fp32_accuracy", "int8_accuracy" ->
          new String[] {
            fmt("%.2f%%", 100 * d.thisRun()),
            fmt("%.2f%%", 100 * d.latest()),
            fmt("%+.2f pt", 100 * d.change())
          };
      default ->
          new String[] {
            fmt("%.0f", d.thisRun()), fmt("%.0f", d.latest()), fmt("%+.0f", d.change())
          };
    };
  }

  private static void equivalents(StringBuilder h, ReportData.Run run) {
    h.append("<h2>What this means</h2>\n<div class=\"illustration\"><p><b>Illustrations, not")
        .append(" measurements.</b> This run's ")
        .append(fmt("%.4f", run.co2eG()))
        .append(" g CO2e is about as much as:</p>\n<ul>\n");
    for (Equivalents.Equivalent e : Equivalents.of(run.co2eG())) {
      h.append("<li><span data-equivalent=\"")
          .append(e.factor().id())
          .append("\" data-col=\"units\">")
          .append(sig3(e.units()))
          .append("</span> ")
          .append(esc(e.factor().unit()))
          .append(" <span class=\"note\">(")
          .append(fmt("%.1f", e.factor().gramsPerUnit()))
          .append(" g CO2e each: ")
          .append(esc(e.factor().derivation()))
          .append(")</span></li>\n");
    }
    h.append("</ul>\n<p class=\"note\">Source: ")
        .append(esc(Equivalents.EPA_CALCULATOR))
        .append(". US averages; CodeCarbon shows its equivalents in the same spirit. The run's")
        .append(" CO2e is its IT energy x PUE x the grid intensity of its region.</p></div>\n");
  }

  private static void stages(StringBuilder h, ReportData data, Map<String, byte[]> charts) {
    h.append("<h2>Where each stage's energy went</h2>\n<table><tr><th>stage</th><th>wall s</th>")
        .append("<th>energy J</th><th>node energy J</th><th>CO2e g</th>")
        .append("<th>embodied CO2e g</th><th>water L</th>");
    boolean split = !data.splits().isEmpty();
    if (split) {
      for (String part : ReportCharts.PART_LABELS) {
        h.append("<th>").append(esc(part)).append(" J</th>");
      }
    }
    h.append("</tr>\n");
    for (int i = 0; i < data.stages().size(); i++) {
      ReportData.Stage s = data.stages().get(i);
      h.append("<tr><td>")
          .append(esc(s.stage()))
          .append("</td>")
          .append(cell("stage", s.stage(), "wall_s", fmt("%.1f", s.wallS())))
          .append(cell("stage", s.stage(), "energy_j", fmt("%.1f", s.energyJ())))
          .append(cell("stage", s.stage(), "node_energy_j", fmt("%.1f", s.nodeEnergyJ())))
          .append(cell("stage", s.stage(), "co2e_g", fmt("%.4f", s.co2eG())))
          .append(cell("stage", s.stage(), "embodied_co2e_g", orDash("%.4f", s.embodiedG())))
          .append(cell("stage", s.stage(), "water_l", orDash("%.5f", s.waterL())));
      if (split) {
        EnergySplit.Share p = data.splits().get(i);
        h.append(cell("stage", s.stage(), "tasks_j", fmt("%.1f", p.tasksJ())))
            .append(cell("stage", s.stage(), "wasted_j", fmt("%.1f", p.wastedJ())))
            .append(cell("stage", s.stage(), "overhead_j", fmt("%.1f", p.overheadJ())))
            .append(cell("stage", s.stage(), "node_other_j", fmt("%.1f", p.nodeOtherJ())));
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n<p class=\"note\"><b>energy J</b> (stage_energy.energy_j, and the CO2e)")
        .append(" is the application's processes: tasks, failed and killed attempts, executor")
        .append(" overhead and driver. It <b>excludes node other</b> (idle power and other")
        .append(" processes), which <b>node energy J</b> includes. ");
    if (split) {
      h.append("The four parts come from task_energy, each sampling window prorated into the")
          .append(" stage's interval (started_at to started_at + wall_s); the pipeline measured")
          .append(" to the end of the stage's bookkeeping, so the first three add up to about")
          .append(" energy J, all four to about node energy J.");
    } else {
      h.append("This run has no task_energy rows (energy plugin off), so the split is unknown.");
    }
    h.append("</p>\n").append(img(charts, "stages.png", "stages"));
  }

  private static void rounds(StringBuilder h, ReportData data, Map<String, byte[]> charts) {
    h.append("<h2>Training per round</h2>\n");
    if (data.rounds().isEmpty()) {
      h.append("<p>This run has no rows in the training_rounds table.</p>\n");
      return;
    }
    h.append("<table><tr><th>round</th><th>training loss</th><th>validation accuracy</th>")
        .append("<th>energy J</th></tr>\n");
    for (ReportData.Round r : data.rounds()) {
      String key = Integer.toString(r.round());
      h.append("<tr><td>")
          .append(key)
          .append("</td>")
          .append(cell("round", key, "train_loss", fmt("%.4f", r.trainLoss())))
          .append(cell("round", key, "validation_accuracy", fraction(r.validationAccuracy())))
          .append(
              cell("round", key, "energy_j", r.energyJ() == null ? "-" : fmt("%.1f", r.energyJ())))
          .append("</tr>\n");
    }
    h.append("</table>\n").append(img(charts, "rounds.png", "rounds"));
  }

  private static void trend(StringBuilder h, ReportData data, Map<String, byte[]> charts) {
    h.append("<h2>Last ")
        .append(data.trend().size())
        .append(" runs</h2>\n<table><tr>")
        .append("<th>run</th><th>date</th><th>status</th><th>kWh</th><th>CO2e g</th>")
        .append("<th>embodied CO2e g</th><th>water L</th>")
        .append("<th>wall s</th><th>fp32 accuracy</th></tr>\n");
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
          .append(cell("run", r.runId(), "wall_s", fmt("%.1f", r.wallS())))
          .append(cell("run", r.runId(), "fp32_accuracy", fraction(r.fp32Accuracy())))
          .append("</tr>\n");
    }
    h.append("</table>\n").append(img(charts, "trend.png", "trend"));
  }

  private static void variants(StringBuilder h, ReportData data, Map<String, byte[]> charts) {
    h.append("<h2>Model variants: accuracy against size and energy</h2>\n");
    if (data.variants().isEmpty()) {
      h.append("<p>This run has no rows in the evaluations table.</p>\n");
      return;
    }
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
    h.append("</table>\n<p class=\"note\">* estimated by the CPU-time model, not metered</p>\n")
        .append(img(charts, "compression.png", "compression"));
  }

  /**
   * The latest tuning run's trials: their chart (the one {@code greentrain tune} draws) and a row
   * each, or one line saying there is none.
   */
  static void tuning(StringBuilder h, ReportData.Tuning tuning, Map<String, byte[]> charts) {
    h.append("<h2>Tuning trials: accuracy against energy</h2>\n");
    if (tuning == null) {
      h.append("<p id=\"tuning-status\">No tuning run in the warehouse: the tuning_trials")
          .append(" table has no rows (`greentrain tune` writes them).</p>\n");
      return;
    }
    List<TuningTrial> trials = tuning.trials();
    String recommended =
        trials.stream()
            .filter(TuningTrial::recommended)
            .map(t -> "recommended: trial " + t.trial())
            .findFirst()
            .orElse("no trial recommended (none reached the target)");
    h.append("<p id=\"tuning-status\">Latest tuning run ")
        .append(esc(tuning.runId()))
        .append(": ")
        .append(trials.size())
        .append(trials.size() == 1 ? " trial" : " trials")
        .append(" to validation accuracy ")
        .append(fmt("%.4f", trials.get(0).targetAccuracy()))
        .append("; ")
        .append(recommended)
        .append(".</p>\n<table><tr><th>trial</th><th>settings</th><th>reached</th>")
        .append("<th>accuracy</th><th>energy to accuracy J</th><th>time to accuracy s</th>")
        .append("<th>energy J</th><th>CO2e g</th><th>marks</th></tr>\n");
    for (TuningTrial t : trials) {
      String key = Integer.toString(t.trial());
      h.append("<tr><td>")
          .append(key)
          .append("</td><td>")
          .append(esc(t.settings()))
          .append("</td><td>")
          .append(t.reached() ? "yes" : (t.stoppedEarly() ? "no, stopped early" : "no"))
          .append("</td>")
          .append(cell("trial", key, "accuracy", fmt("%.4f", t.accuracy())))
          .append(
              cell(
                  "trial", key, "energy_to_accuracy_j", orDash("%.1f", t.energyToAccuracyJoules())))
          .append(
              cell("trial", key, "time_to_accuracy_s", orDash("%.1f", t.timeToAccuracySeconds())))
          .append(cell("trial", key, "energy_j", fmt("%.1f", t.energyJoules())))
          .append(cell("trial", key, "co2e_g", fmt("%.4f", t.co2eGrams())))
          .append("<td>")
          .append(marks(t))
          .append("</td></tr>\n");
    }
    h.append("</table>\n<p class=\"note\">From tuning_trials. The chart is the one `greentrain")
        .append(" tune` writes: each trial's best validation accuracy against its whole energy")
        .append(" (energy J); filled: on the Pareto front, ringed: recommended, dashed: the")
        .append(" target. Energy and time to accuracy run to the round that reached the target.")
        .append("</p>\n")
        .append(img(charts, TuningChart.FILE, "tuning"));
  }

  private static String marks(TuningTrial t) {
    List<String> marks = new ArrayList<>();
    if (t.pareto()) {
      marks.add("Pareto front");
    }
    if (t.recommended()) {
      marks.add("recommended");
    }
    return String.join(", ", marks);
  }

  private static String cell(String kind, String key, String col, String value) {
    return "<td data-" + kind + "=\"" + esc(key) + "\" data-col=\"" + col + "\">" + value + "</td>";
  }

  private static String img(Map<String, byte[]> charts, String name, String id) {
    String type = name.endsWith(".svg") ? "image/svg+xml" : "image/png";
    return "<p><img data-chart=\""
        + id
        + "\" alt=\""
        + name
        + "\" width=\""
        + ReportCharts.WIDTH
        + "\" src=\"data:"
        + type
        + ";base64,"
        + Base64.getEncoder().encodeToString(charts.get(name))
        + "\"></p>\n";
  }

  private static String fraction(Double v) {
    return v == null ? "-" : fmt("%.4f", v);
  }

  /** Three significant digits, never in exponent notation: equivalents span many magnitudes. */
  static String sig3(double v) {
    return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
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
