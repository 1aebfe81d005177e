package org.greentrain.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The table of {@code bench-plugin --whole-process}: medians of the runs with the plugin off and
 * on, the ratios on over off, and the median of each phase, as {@code | name | value |} rows for
 * {@code bench/run}.
 */
final class WholeProcessReport {

  private final List<PluginRun> runs;

  WholeProcessReport(List<PluginRun> runs) {
    this.runs = List.copyOf(runs);
  }

  List<String> rows() {
    OnOff wall = measure(r -> r.cost().wallSeconds());
    OnOff cpu = measure(r -> r.cost().cpuSeconds());
    OnOff rss = measure(r -> r.cost().peakRssMb());
    String of = " (median of " + wall.on().size() + ")";
    List<String> rows = new ArrayList<>();
    rows.add(row("whole process wall s, plugin off" + of, fmt(wall.medianOff(), 2)));
    rows.add(row("whole process wall s, plugin on" + of, fmt(wall.medianOn(), 2)));
    rows.add(row("whole process wall ratio on / off (target <= 1.02)", fmt(wall.ratio(), 3)));
    rows.add(
        row(
            "wall ratio of pairs run back to back: median [95% CI]",
            paired(r -> r.cost().wallSeconds())));
    rows.add(row("whole process CPU s (user+sys), plugin off" + of, fmt(cpu.medianOff(), 2)));
    rows.add(row("whole process CPU s (user+sys), plugin on" + of, fmt(cpu.medianOn(), 2)));
    rows.add(row("whole process CPU ratio on / off", fmt(cpu.ratio(), 3)));
    rows.add(
        row(
            "CPU ratio of pairs run back to back: median [95% CI]",
            paired(r -> r.cost().cpuSeconds())));
    rows.add(row("peak RSS MB (/usr/bin/time %M), plugin off" + of, fmt(rss.medianOff(), 0)));
    rows.add(row("peak RSS MB (/usr/bin/time %M), plugin on" + of, fmt(rss.medianOn(), 0)));
    rows.add(
        row(
            "peak RSS ratio on / off (difference MB)",
            fmt(rss.ratio(), 3) + " (" + signed(rss.difference()) + ")"));
    rows.add(phase("JVM start to main", measure(r -> r.phases().mainS())));
    rows.add(phase("session built (plugin init)", measure(r -> r.phases().session())));
    rows.add(phase("word count job", measure(r -> r.phases().job())));
    rows.add(phase("spark.stop() (plugin shutdown)", measure(r -> r.phases().stop())));
    rows.add(
        phase(
            "outside the JVM clock (launch, exit)",
            measure(r -> r.phases().outside(r.cost().wallSeconds()))));
    return rows;
  }

  private OnOff measure(ToDoubleFunction<PluginRun> value) {
    List<Double> off = new ArrayList<>();
    List<Double> on = new ArrayList<>();
    for (PluginRun r : runs) {
      (r.pluginOn() ? on : off).add(value.applyAsDouble(r));
    }
    return new OnOff(off, on);
  }

  private String paired(ToDoubleFunction<PluginRun> value) {
    List<Double> values = new ArrayList<>();
    List<Boolean> on = new ArrayList<>();
    for (PluginRun r : runs) {
      values.add(value.applyAsDouble(r));
      on.add(r.pluginOn());
    }
    return PairedRatios.of(values, on).describe();
  }

  private static String phase(String name, OnOff values) {
    return row(
        "phase s off / on: " + name,
        fmt(values.medianOff(), 2) + " / " + fmt(values.medianOn(), 2));
  }

  static String row(String name, String value) {
    return String.format(Locale.ROOT, "| %-58s | %14s |", name, value);
  }

  private static String signed(double v) {
    return (v >= 0 ? "+" : "") + fmt(v, 0);
  }

  private static String fmt(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
