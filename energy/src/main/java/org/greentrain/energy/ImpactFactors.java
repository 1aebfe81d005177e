package org.greentrain.energy;

import java.io.Serializable;

/**
 * The factors that turn a share of a node's time and energy into environmental impact beyond
 * operational carbon (docs/energy-model.md, "Embodied emissions" and "Water"):
 *
 * <pre>
 * embodied_co2e_g = node_hours × embodied_g_per_hour
 * water_l         = energy_kwh × (wue_l_per_kwh + pue × water_intensity_l_per_kwh)
 * </pre>
 *
 * On-site water (cooling) follows IT energy; off-site water (generating the electricity) follows
 * the facility's energy, IT energy × PUE, as in Li, Yang, Islam and Ren (2023), "Making AI Less
 * 'Thirsty'".
 *
 * @param embodiedGramsPerHour manufacturing g CO2e per hour of the node's service life
 * @param embodiedSource where that figure comes from
 * @param embodiedDefault whether the node matched no row and got the table's default
 * @param wueLitresPerKwh on-site water usage effectiveness, L per kWh of IT energy
 * @param waterIntensityLitresPerKwh water consumed per kWh generated in the region
 * @param waterSource where that figure comes from
 */
public record ImpactFactors(
    double embodiedGramsPerHour,
    String embodiedSource,
    boolean embodiedDefault,
    double wueLitresPerKwh,
    double waterIntensityLitresPerKwh,
    String waterSource)
    implements Serializable {

  public ImpactFactors {
    if (!(embodiedGramsPerHour >= 0) || !Double.isFinite(embodiedGramsPerHour)) {
      throw new IllegalArgumentException("Invalid embodied g per hour: " + embodiedGramsPerHour);
    }
    if (!(wueLitresPerKwh >= 0) || !Double.isFinite(wueLitresPerKwh)) {
      throw new IllegalArgumentException("Invalid WUE: " + wueLitresPerKwh + " L/kWh");
    }
    if (!(waterIntensityLitresPerKwh >= 0) || !Double.isFinite(waterIntensityLitresPerKwh)) {
      throw new IllegalArgumentException(
          "Invalid water intensity: " + waterIntensityLitresPerKwh + " L/kWh");
    }
  }

  /** The factors of a node's embodied row, a site's WUE and a region's water intensity. */
  public static ImpactFactors of(EmbodiedEmission embodied, double wue, WaterIntensity water) {
    return new ImpactFactors(
        embodied.gramsPerHour(),
        embodied.source(),
        embodied.isDefault(),
        wue,
        water.litresPerKwh(),
        water.source());
  }

  /** Grams CO2e of manufacturing for {@code nodeHours} of the node's time. */
  public double embodiedGrams(double nodeHours) {
    return nodeHours * embodiedGramsPerHour;
  }

  /** Litres of water for {@code joules} of IT energy in a facility of power usage {@code pue}. */
  public double waterLitres(double joules, double pue) {
    return joules
        / EnergyEstimate.JOULES_PER_KWH
        * (wueLitresPerKwh + pue * waterIntensityLitresPerKwh);
  }
}
