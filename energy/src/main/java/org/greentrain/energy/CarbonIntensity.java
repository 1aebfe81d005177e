package org.greentrain.energy;

/**
 * The average carbon intensity of a region's electricity grid: {@code gramsPerKwh} grams of CO2
 * equivalent per kilowatt-hour, for the calendar {@code year}, from {@code source}.
 *
 * <p>{@code region} is a lower-case ISO 3166 alpha-2 country code ({@code fr}), {@code world}, or a
 * cloud region as {@code provider:region} ({@code aws:eu-west-1}).
 */
public record CarbonIntensity(String region, double gramsPerKwh, int year, String source) {

  public CarbonIntensity {
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("Invalid region: " + region);
    }
    if (!(gramsPerKwh >= 0) || !Double.isFinite(gramsPerKwh)) {
      throw new IllegalArgumentException(
          "Invalid gramsPerKwh, must be finite and >= 0: " + gramsPerKwh);
    }
    if (year <= 0) {
      throw new IllegalArgumentException("Invalid year: " + year);
    }
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException("Invalid source: " + source);
    }
  }
}
