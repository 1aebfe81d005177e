package org.greentrain.energy;

/**
 * Water consumed to generate a region's grid electricity: {@code litresPerKwh} litres evaporated
 * (not returned) per kWh generated, for the calendar {@code year}, from {@code source}.
 *
 * @param region as in {@link CarbonIntensity#region()}
 */
public record WaterIntensity(String region, double litresPerKwh, int year, String source) {

  public WaterIntensity {
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("Invalid region: " + region);
    }
    if (!(litresPerKwh >= 0) || !Double.isFinite(litresPerKwh)) {
      throw new IllegalArgumentException(
          "Invalid l_per_kwh, must be finite and >= 0: " + litresPerKwh);
    }
    if (year <= 0) {
      throw new IllegalArgumentException("Invalid year: " + year);
    }
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException("Invalid source: " + source);
    }
  }
}
