package org.greentrain.energy.spark;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import org.greentrain.energy.EnergyRow;
import org.greentrain.energy.StageEnergyTotals;

/**
 * The attributed energy as it grows, as gauges in Spark's metrics system, so that its sinks
 * (Prometheus servlet, JMX, CSV, ...) export it while the application runs. Registered on the
 * driver, which attributes every JVM's windows, under the plugin's source ({@code
 * plugin.org.greentrain.energy.spark.EnergyPlugin}):
 *
 * <ul>
 *   <li>{@code energy.joules}, {@code energy.co2e_grams}: the application so far;
 *   <li>{@code energy.stage.<label>.joules}, {@code ….co2e_grams}: per stage label, as the {@code
 *       stage} column of {@code stage_energy} names it;
 *   <li>{@code energy.executor.<id>.joules}, {@code ….co2e_grams}, {@code ….watts}: per executor
 *       (and {@code driver} where it runs apart), watts over its latest window.
 * </ul>
 *
 * <p>Characters other than letters, digits, '-' and '_' in a label or id become '_'. The values are
 * sums of the rows the tables are written from, so a stage's gauge (its tasks plus its share of
 * executor overhead) ends at its {@code energy_j} and {@code co2e_g}.
 */
final class LiveEnergyMetrics {

  static final String PREFIX = "energy";

  private final MetricRegistry registry;
  private final double co2eGramsPerJoule;
  private final DoubleAdder joules = new DoubleAdder();
  private final DoubleAdder co2e = new DoubleAdder();
  private final Map<String, Totals> stages = new ConcurrentHashMap<>();
  private final Map<String, Totals> executors = new ConcurrentHashMap<>();
  private final Map<String, LatestWindow> windows = new ConcurrentHashMap<>();

  /** Gauges in {@code registry}; stages' CO2e as {@code stage_energy} computes it. */
  LiveEnergyMetrics(MetricRegistry registry, double gramsPerKwh, double pue) {
    this.registry = registry;
    this.co2eGramsPerJoule = gramsPerKwh * pue / 3.6e6;
    registry.register(PREFIX + ".joules", (Gauge<Double>) joules::sum);
    registry.register(PREFIX + ".co2e_grams", (Gauge<Double>) co2e::sum);
  }

  /**
   * Adds rows attributed on the driver (with their carbon). Each window's rows come in one call, as
   * the ledger hands them out, so a window's executor overhead is shared out among its stages
   * exactly as {@link StageEnergyTotals} shares it for the table.
   */
  void addAll(List<EnergyRow> rows) {
    for (EnergyRow r : rows) {
      add(r);
    }
    for (StageEnergyTotals t : StageEnergyTotals.byStage(rows).values()) {
      totals(stages, "stage", t.stageLabel()).add(t.joules(), t.joules() * co2eGramsPerJoule);
    }
  }

  private void add(EnergyRow r) {
    joules.add(r.joules());
    co2e.add(r.co2eGrams());
    totals(executors, "executor", r.executorId()).add(r.joules(), r.co2eGrams());
    windows
        .computeIfAbsent(
            r.executorId(),
            id -> {
              LatestWindow w = new LatestWindow();
              registry.register(
                  MetricRegistry.name(PREFIX, "executor", safe(id), "watts"),
                  (Gauge<Double>) w::watts);
              return w;
            })
        .add(r);
  }

  private Totals totals(Map<String, Totals> byKey, String kind, String key) {
    return byKey.computeIfAbsent(
        key,
        k -> {
          Totals t = new Totals();
          String base = MetricRegistry.name(PREFIX, kind, safe(k));
          registry.register(base + ".joules", (Gauge<Double>) t.joules::sum);
          registry.register(base + ".co2e_grams", (Gauge<Double>) t.co2e::sum);
          return t;
        });
  }

  /** A label or id as one metric-name segment. */
  static String safe(String s) {
    return s.isEmpty() ? "_" : s.replaceAll("[^A-Za-z0-9_-]", "_");
  }

  private static final class Totals {
    final DoubleAdder joules = new DoubleAdder();
    final DoubleAdder co2e = new DoubleAdder();

    void add(double j, double grams) {
      joules.add(j);
      co2e.add(grams);
    }
  }

  /** The energy of one JVM's latest window: its rows share the window's start and end. */
  private static final class LatestWindow {
    private long startMs;
    private long endMs = Long.MIN_VALUE;
    private double joules;

    synchronized void add(EnergyRow r) {
      if (r.windowEndMs() > endMs) {
        startMs = r.windowStartMs();
        endMs = r.windowEndMs();
        joules = 0;
      }
      if (r.windowEndMs() == endMs) {
        joules += r.joules();
      }
    }

    synchronized double watts() {
      long ms = endMs - startMs;
      return ms > 0 ? joules * 1000.0 / ms : 0.0;
    }
  }
}
