package org.greentrain.energy.spark;

import org.greentrain.energy.CarbonIntensity;
import org.greentrain.energy.EnergyRow;
import org.greentrain.energy.EnergyShare;
import org.greentrain.energy.GpuEmbodied;
import org.greentrain.energy.ImpactFactors;
import org.greentrain.energy.TaskKey;

/** Task rows as the driver files them (carbon and impact added), for the table writer's tests. */
final class DriverRows {

  static final CarbonIntensity CARBON = new CarbonIntensity("world", 481, 2023, "test");
  static final ImpactFactors IMPACT =
      new ImpactFactors(36, "test server", false, 1.8, 7.6, "test water");

  private DriverRows() {}

  /**
   * A running task's share of a 1 s window from {@code startMs} on executor 1 of host n1: half the
   * window's CPU, {@code joules}, a node hour's 1/3600, stage {@code label}.
   */
  static EnergyRow task(String label, long startMs, double joules) {
    return EnergyRow.onExecutor(
            "1",
            "n1",
            startMs,
            startMs + 1000,
            new EnergyShare(EnergyShare.TASK, new TaskKey(5, 1, 0, 0, 0, label), 0.5, joules),
            "running",
            false,
            "rapl",
            1 / 3600.0,
            "PowerEdge R740 / Xeon")
        .onDriver(0, CARBON, 1.0, IMPACT, GpuEmbodied.NONE);
  }
}
