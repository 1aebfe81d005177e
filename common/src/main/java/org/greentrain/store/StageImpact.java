package org.greentrain.store;

import org.greentrain.energy.ImpactFactors;
import org.greentrain.energy.StageEnergy;

/**
 * A stage's environmental impact beyond operational carbon, and the factors it comes from
 * (docs/energy-model.md, "Embodied emissions" and "Water").
 *
 * @param embodiedCo2eGrams manufacturing emissions of the node hours the stage's application held
 * @param waterLitres on-site and off-site water of the stage's energy
 * @param embodiedSource where the embodied figure comes from
 * @param embodiedDefault whether the node matched no row of the embodied table
 * @param wueLitresPerKwh on-site water per kWh of IT energy
 * @param waterIntensityLitresPerKwh water consumed per kWh generated in the region
 * @param waterSource where that figure comes from
 */
public record StageImpact(
    double embodiedCo2eGrams,
    double waterLitres,
    String embodiedSource,
    boolean embodiedDefault,
    double wueLitresPerKwh,
    double waterIntensityLitresPerKwh,
    String waterSource) {

  /** The impact of a stage's energy. */
  public static StageImpact of(StageEnergy e) {
    ImpactFactors f = e.impact();
    return new StageImpact(
        e.embodiedCo2eGrams(),
        e.waterLitres(),
        f.embodiedSource(),
        f.embodiedDefault(),
        f.wueLitresPerKwh(),
        f.waterIntensityLitresPerKwh(),
        f.waterSource());
  }
}
