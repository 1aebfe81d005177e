package org.greentrain.energy;

/**
 * Turns a stage's CPU and wall time into energy and CO2e for a fixed cluster allocation: the
 * CPU-time model of the node's power profile, the region's grid intensity and the site PUE.
 */
public final class StageEnergyModel {

  private final CpuTimeEnergyModel model;
  private final CarbonIntensity carbon;
  private final double pue;
  private final int allocatedThreads;
  private final double memoryGb;
  private final ImpactFactors impact;

  /**
   * @param allocatedThreads CPU threads held by the application for the stage's duration (its idle
   *     share is charged to the stage)
   * @param memoryGb memory held by the application, charged at the profile's DRAM watts per GB
   * @param impact the node's embodied and water factors: without the plugin's rows, the stage is
   *     charged the node's whole hours for its wall time
   */
  public StageEnergyModel(
      CpuTimeEnergyModel model,
      CarbonIntensity carbon,
      double pue,
      int allocatedThreads,
      double memoryGb,
      ImpactFactors impact) {
    if (allocatedThreads < 1) {
      throw new IllegalArgumentException("Invalid allocated threads: " + allocatedThreads);
    }
    Carbon.gramsCo2e(0, pue, carbon);
    this.model = model;
    this.carbon = carbon;
    this.pue = pue;
    this.allocatedThreads = allocatedThreads;
    this.memoryGb = memoryGb;
    this.impact = impact;
  }

  public StageEnergy estimate(double cpuSeconds, double wallSeconds) {
    EnergyEstimate e = model.estimate(cpuSeconds, wallSeconds, allocatedThreads, memoryGb);
    return StageEnergy.of(
        e.joules(),
        e.joules(),
        e.estimated(),
        e.method(),
        carbon,
        pue,
        impact.embodiedGrams(wallSeconds / 3600),
        impact);
  }
}
