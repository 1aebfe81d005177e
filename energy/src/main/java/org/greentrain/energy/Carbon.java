package org.greentrain.energy;

import java.util.Objects;

/** Converts energy into emissions: kWh x PUE x grid intensity. */
public final class Carbon {

  /** A PUE of 1.0 counts IT energy only, without the data centre's cooling and losses. */
  public static final double IT_ONLY_PUE = 1.0;

  private Carbon() {}

  /**
   * Grams of CO2 equivalent for {@code joules} of IT energy in a facility with power usage
   * effectiveness {@code pue} on a grid of intensity {@code ci}.
   *
   * @throws IllegalArgumentException if {@code joules} is negative or not finite, or {@code pue} is
   *     below 1.0 or not finite
   */
  public static double gramsCo2e(double joules, double pue, CarbonIntensity ci) {
    if (!(joules >= 0) || !Double.isFinite(joules)) {
      throw new IllegalArgumentException("Invalid joules, must be finite and >= 0: " + joules);
    }
    // A PUE below 1 would mean the facility uses less energy than its IT equipment.
    if (!(pue >= IT_ONLY_PUE) || !Double.isFinite(pue)) {
      throw new IllegalArgumentException("Invalid PUE, must be finite and >= 1.0: " + pue);
    }
    Objects.requireNonNull(ci, "ci");
    return joules / EnergyEstimate.JOULES_PER_KWH * pue * ci.gramsPerKwh();
  }
}
