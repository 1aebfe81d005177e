package org.greentrain.jobs.stage;

import java.util.List;
import java.util.Locale;
import org.greentrain.store.StageReport;

/** The per-stage summary a run prints at the end: what each stage took and cost. */
final class StageTable {

  private static final String ROW = "%-9s %8s %8s %10s %10s %4s %9s %8s %8s %11s %8s%n";

  private StageTable() {}

  /** The sums of the stages' rows, for the table's total row. */
  private record Total(
      double wallSeconds, double cpuSeconds, double joules, double co2eGrams, boolean estimated) {

    static Total of(List<StageReport> reports) {
      double wall = 0;
      double cpu = 0;
      double joules = 0;
      double co2e = 0;
      boolean estimated = false;
      for (StageReport r : reports) {
        wall += r.wallSeconds();
        cpu += r.cpuSeconds();
        joules += r.energyJoules();
        co2e += r.co2eGrams();
        estimated |= r.estimated();
      }
      return new Total(wall, cpu, joules, co2e, estimated);
    }
  }

  static String format(List<StageReport> reports) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            ROW,
            "stage",
            "wall s",
            "CPU s",
            "energy J",
            "kWh",
            "est",
            "CO2e g",
            "in",
            "out",
            "model bytes",
            "test acc"));
    for (StageReport r : reports) {
      sb.append(row(r));
    }
    sb.append(totalRow(Total.of(reports)));
    for (StageReport r : reports) {
      if (!r.notes().isEmpty()) {
        sb.append(r.stage()).append(": ").append(r.notes()).append('\n');
      }
    }
    return sb.toString();
  }

  private static String row(StageReport r) {
    return String.format(
        Locale.ROOT,
        ROW,
        r.stage(),
        fixed(r.wallSeconds(), 1),
        fixed(r.cpuSeconds(), 1),
        fixed(r.energyJoules(), 0),
        String.format(Locale.ROOT, "%.6f", r.energyKwh()),
        r.estimated() ? "yes" : "no",
        fixed(r.co2eGrams(), 3),
        orDash(r.recordsIn()),
        orDash(r.recordsOut()),
        orDash(r.modelBytes()),
        r.testAccuracy() == null ? "-" : fixed(100 * r.testAccuracy(), 2) + "%");
  }

  private static String totalRow(Total t) {
    return String.format(
        Locale.ROOT,
        ROW,
        "total",
        fixed(t.wallSeconds(), 1),
        fixed(t.cpuSeconds(), 1),
        fixed(t.joules(), 0),
        String.format(Locale.ROOT, "%.6f", t.joules() / 3.6e6),
        t.estimated() ? "yes" : "no",
        fixed(t.co2eGrams(), 3),
        "",
        "",
        "",
        "");
  }

  private static String fixed(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static String orDash(Long v) {
    return v == null ? "-" : Long.toString(v);
  }
}
