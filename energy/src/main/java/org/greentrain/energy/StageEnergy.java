package org.greentrain.energy;

/**
 * Energy and carbon of one pipeline stage.
 *
 * @param joules IT energy of the application's processes in the stage, before PUE
 * @param nodeJoules IT energy of the whole nodes during the stage (idle power and other processes
 *     included), each node counted once
 * @param co2eGrams joules in kWh x PUE x intensity
 * @param intensityGramsPerKwh grid intensity used, gCO2e/kWh
 * @param intensitySource where that intensity comes from
 * @param embodiedCo2eGrams manufacturing emissions of the node and GPU hours the application held
 * @param waterLitres on-site and off-site water of {@code joules} ({@link ImpactFactors})
 * @param impact the embodied and water factors used
 */
public record StageEnergy(
    double joules,
    double nodeJoules,
    boolean estimated,
    String method,
    double co2eGrams,
    String region,
    double intensityGramsPerKwh,
    String intensitySource,
    double pue,
    double embodiedCo2eGrams,
    double waterLitres,
    ImpactFactors impact) {

  /**
   * The stage energy of {@code joules} of the application in {@code nodeJoules} of the nodes, whose
   * node hours made {@code embodiedGrams}; the water follows from the energy and {@code impact}.
   */
  public static StageEnergy of(
      double joules,
      double nodeJoules,
      boolean estimated,
      String method,
      CarbonIntensity carbon,
      double pue,
      double embodiedGrams,
      ImpactFactors impact) {
    return new StageEnergy(
        joules,
        nodeJoules,
        estimated,
        method,
        Carbon.gramsCo2e(joules, pue, carbon),
        carbon.region(),
        carbon.gramsPerKwh(),
        carbon.source(),
        pue,
        embodiedGrams,
        impact.waterLitres(joules, pue),
        impact);
  }
}
