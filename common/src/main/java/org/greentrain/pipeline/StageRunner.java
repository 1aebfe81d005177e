package org.greentrain.pipeline;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.greentrain.energy.PathSegments;
import org.greentrain.energy.StageEnergy;
import org.greentrain.energy.StageEnergyModel;
import org.greentrain.energy.spark.EnergyDriverPlugin;
import org.greentrain.energy.spark.StageCpuListener;
import org.greentrain.store.StageImpact;
import org.greentrain.store.StageReport;

/**
 * Runs one stage's logic with its Spark jobs labelled, measures wall time and CPU time (its tasks'
 * executor CPU plus the driver thread's own), turns them into energy and CO2e, saves the stage
 * report and prints a progress line.
 */
public final class StageRunner {

  private static final long LISTENER_WAIT_MS = 30_000;

  private final SparkContext spark;
  private final StageCpuListener cpu;
  private final StageEnergyModel energy;
  private final PrintWriter out;

  StageRunner(SparkContext spark, StageCpuListener cpu, StageEnergyModel energy, PrintWriter out) {
    this.spark = spark;
    this.cpu = cpu;
    this.energy = energy;
    this.out = out;
  }

  StageReport run(String stage, int index, int total, Supplier<StageOutcome> body) {
    PathSegments.check("stage label", stage);
    out.printf(Locale.ROOT, "[%d/%d] %s: started%n", index, total, stage);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    String previous = spark.getLocalProperty(StageCpuListener.STAGE_PROPERTY);
    spark.setLocalProperty(StageCpuListener.STAGE_PROPERTY, stage);
    Instant started = Instant.now();
    double taskCpuBefore = cpu.cpuSeconds(stage);
    long driverCpuBefore = threads.getCurrentThreadCpuTime();
    long wallBefore = System.nanoTime();
    StageOutcome outcome;
    try {
      outcome = body.get();
    } finally {
      spark.setLocalProperty(StageCpuListener.STAGE_PROPERTY, previous);
    }
    double wall = (System.nanoTime() - wallBefore) / 1e9;
    double driverCpu = (threads.getCurrentThreadCpuTime() - driverCpuBefore) / 1e9;
    awaitListenerBus(stage, index, total);
    double taskCpu = cpu.cpuSeconds(stage) - taskCpuBefore;
    StageEnergy e =
        energyOf(started.toEpochMilli(), Instant.now().toEpochMilli(), taskCpu + driverCpu, wall);
    StageReport report = report(stage, started, wall, taskCpu + driverCpu, e, outcome);
    out.printf(
        Locale.ROOT,
        "[%d/%d] %s: done in %.1f s, %.1f CPU s, %.0f J%s, %.3f g CO2e%n",
        index,
        total,
        stage,
        wall,
        report.cpuSeconds(),
        report.energyJoules(),
        report.estimated() ? " (estimated)" : "",
        report.co2eGrams());
    return report;
  }

  /** Task-end events reach the listener asynchronously; waits until the bus has delivered them. */
  private void awaitListenerBus(String stage, int index, int total) {
    try {
      spark.listenerBus().waitUntilEmpty(LISTENER_WAIT_MS);
    } catch (TimeoutException e) {
      out.printf(
          Locale.ROOT,
          "[%d/%d] %s: warning: Spark's listener bus did not drain in %d ms; CPU time may be"
              + " undercounted%n",
          index,
          total,
          stage,
          LISTENER_WAIT_MS);
    }
  }

  private static StageReport report(
      String stage,
      Instant started,
      double wall,
      double cpuSeconds,
      StageEnergy e,
      StageOutcome outcome) {
    return new StageReport(
        stage,
        started.toString(),
        wall,
        cpuSeconds,
        e.joules(),
        e.nodeJoules(),
        e.estimated(),
        e.method(),
        e.co2eGrams(),
        e.region(),
        e.intensityGramsPerKwh(),
        e.intensitySource(),
        e.pue(),
        outcome.recordsIn(),
        outcome.recordsOut(),
        outcome.modelBytes(),
        outcome.testAccuracy(),
        outcome.metrics(),
        outcome.notes(),
        StageImpact.of(e));
  }

  /**
   * The energy plugin's figures for the stage's interval when it runs in this application, else the
   * CPU-time model applied to the stage's CPU time.
   */
  private StageEnergy energyOf(long startMs, long endMs, double cpuSeconds, double wallSeconds) {
    return measuredOr(startMs, endMs, () -> energy.estimate(cpuSeconds, wallSeconds));
  }

  /**
   * The energy plugin's figures for {@code [startMs, endMs]} when the plugin runs in this
   * application and has rows, else {@code estimate}.
   */
  public static StageEnergy measuredOr(long startMs, long endMs, Supplier<StageEnergy> estimate) {
    EnergyDriverPlugin plugin = EnergyDriverPlugin.active();
    if (plugin != null) {
      try {
        // The window that holds the interval's end reaches the driver up to one interval later.
        plugin.awaitWindowsUntil(endMs, 3 * plugin.sampleIntervalMs() + 2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (plugin.hasRows()) {
        return StageEnergy.of(
            plugin.applicationJoulesBetween(startMs, endMs),
            plugin.joulesBetween(startMs, endMs),
            plugin.isEstimated(),
            plugin.method(),
            plugin.carbon(),
            plugin.pue(),
            plugin.applicationEmbodiedGramsBetween(startMs, endMs),
            plugin.impact());
      }
    }
    return estimate.get();
  }
}
