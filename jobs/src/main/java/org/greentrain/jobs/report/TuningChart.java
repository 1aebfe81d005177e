package org.greentrain.jobs.report;

import java.util.List;
import java.util.Locale;
import org.greentrain.store.TuningTrial;

/**
 * The chart of a tuning run: each trial's validation accuracy against its energy, as one
 * self-contained SVG (no script, no external reference). Trials on the Pareto front are filled, the
 * recommended one is ringed, and a dashed line marks the target accuracy.
 */
public final class TuningChart {

  /** The chart's file name, next to the recommended settings and in the report's directory. */
  public static final String FILE = "tuning.svg";

  static final int WIDTH = 640;
  static final int HEIGHT = 400;
  private static final int LEFT = 70;
  private static final int RIGHT = 30;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;
  private static final int TICKS = 5;

  private TuningChart() {}

  /** The SVG document for the trials of run {@code runId}; at least one trial. */
  public static String svg(String runId, List<TuningTrial> trials) {
    Scale x =
        Scale.of(0, trials.stream().mapToDouble(TuningTrial::energyJoules).max().orElseThrow());
    double target = trials.get(0).targetAccuracy();
    Scale y =
        Scale.of(
            Math.min(
                target, trials.stream().mapToDouble(TuningTrial::accuracy).min().orElseThrow()),
            Math.max(
                target, trials.stream().mapToDouble(TuningTrial::accuracy).max().orElseThrow()));
    StringBuilder s = new StringBuilder();
    header(s, runId);
    axes(s, x, y);
    targetLine(s, y, target);
    for (TuningTrial t : trials) {
      point(s, x, y, t);
    }
    s.append(
        text(
            LEFT,
            HEIGHT - 8,
            "start",
            "filled: Pareto front (no trial more accurate for less energy); ringed: recommended"));
    s.append("</svg>\n");
    return s.toString();
  }

  private static void header(StringBuilder s, String runId) {
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d"
                + " %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    s.append(
        text(WIDTH / 2.0, 20, "middle", "Validation accuracy against energy, tuning run " + runId));
  }

  /** The dashed line of the target accuracy, labelled. */
  private static void targetLine(StringBuilder s, Scale y, double target) {
    double ty = py(y, target);
    s.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#c00\""
                + " stroke-dasharray=\"6 4\"/>%n",
            LEFT,
            ty,
            WIDTH - RIGHT,
            ty));
    s.append(text(WIDTH - RIGHT - 4, ty - 4, "end", "target " + target));
  }

  /** One trial: filled when on the Pareto front, ringed when recommended, with its number. */
  private static void point(StringBuilder s, Scale x, Scale y, TuningTrial t) {
    double cx = px(x, t.energyJoules());
    double cy = py(y, t.accuracy());
    s.append(
        String.format(
            Locale.ROOT,
            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\" stroke=\"#333\"><title>trial %d"
                + " %s: accuracy %.4f, %.0f J</title></circle>%n",
            cx,
            cy,
            t.pareto() ? "#2a7" : "#fff",
            t.trial(),
            escape(t.settings()),
            t.accuracy(),
            t.energyJoules()));
    if (t.recommended()) {
      s.append(
          String.format(
              Locale.ROOT,
              "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"9\" fill=\"none\" stroke=\"#2a7\""
                  + " stroke-width=\"2\"/>%n",
              cx,
              cy));
    }
    s.append(text(cx + 8, cy - 8, "start", Integer.toString(t.trial())));
  }

  /** A linear axis range with some room at both ends. */
  record Scale(double min, double max) {

    static Scale of(double low, double high) {
      double pad = high > low ? (high - low) * 0.08 : Math.max(Math.abs(high) * 0.1, 0.01);
      return new Scale(Math.max(0, low - pad), high + pad);
    }

    double fraction(double v) {
      return (v - min) / (max - min);
    }
  }

  private static void axes(StringBuilder s, Scale x, Scale y) {
    int bottom = HEIGHT - BOTTOM;
    s.append(
        String.format(
            Locale.ROOT,
            "<path d=\"M%d %d V%d H%d\" fill=\"none\" stroke=\"#333\"/>%n",
            LEFT,
            TOP,
            bottom,
            WIDTH - RIGHT));
    for (int i = 0; i <= TICKS; i++) {
      double ex = x.min() + (x.max() - x.min()) * i / TICKS;
      double ay = y.min() + (y.max() - y.min()) * i / TICKS;
      s.append(text(px(x, ex), bottom + 16, "middle", String.format(Locale.ROOT, "%.0f", ex)));
      s.append(text(LEFT - 6, py(y, ay) + 4, "end", String.format(Locale.ROOT, "%.3f", ay)));
    }
    s.append(text((LEFT + WIDTH - RIGHT) / 2.0, bottom + 34, "middle", "trial energy (J)"));
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">"
                + "validation accuracy</text>%n",
            (TOP + bottom) / 2.0,
            (TOP + bottom) / 2.0));
  }

  private static double px(Scale x, double v) {
    return LEFT + x.fraction(v) * (WIDTH - LEFT - RIGHT);
  }

  private static double py(Scale y, double v) {
    return HEIGHT - BOTTOM - y.fraction(v) * (HEIGHT - TOP - BOTTOM);
  }

  private static String text(double x, double y, String anchor, String content) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>%n",
        x,
        y,
        anchor,
        escape(content));
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
