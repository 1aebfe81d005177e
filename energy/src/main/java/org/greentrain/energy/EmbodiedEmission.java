package org.greentrain.energy;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The manufacturing emissions of one node (a whole server) and the service life they are spread
 * over, as one row of {@code conf/embodied-emissions.csv}; or of one GPU, as one row of {@code
 * conf/gpu-embodied-emissions.csv}.
 *
 * @param hardwarePattern regular expression found, case-insensitively, in the node's {@link
 *     Hardware#description()} (the GPU's name), or {@link #DEFAULT_PATTERN} for the default row
 * @param kgCo2e manufacturing emissions of the node (the GPU), kg CO2e
 * @param lifetimeYears service life the source amortises them over, years
 * @param year year of the source
 * @param source where the figures come from
 */
public record EmbodiedEmission(
    String hardwarePattern, double kgCo2e, double lifetimeYears, int year, String source) {

  /** The pattern of the row used when no other row matches. */
  public static final String DEFAULT_PATTERN = "*";

  /** Hours in a year of service: 365 days of 24 hours, as the sources count a year of use. */
  public static final double HOURS_PER_YEAR = 365 * 24;

  public EmbodiedEmission {
    if (hardwarePattern == null || hardwarePattern.isBlank()) {
      throw new IllegalArgumentException("Invalid hardware_pattern: " + hardwarePattern);
    }
    if (!hardwarePattern.equals(DEFAULT_PATTERN)) {
      try {
        Pattern.compile(hardwarePattern);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "Invalid hardware_pattern: " + hardwarePattern + " (" + e.getDescription() + ")");
      }
    }
    if (!(kgCo2e >= 0) || !Double.isFinite(kgCo2e)) {
      throw new IllegalArgumentException("Invalid kg_co2e, must be finite and >= 0: " + kgCo2e);
    }
    if (!(lifetimeYears > 0) || !Double.isFinite(lifetimeYears)) {
      throw new IllegalArgumentException("Invalid lifetime_years, must be > 0: " + lifetimeYears);
    }
    if (year <= 0) {
      throw new IllegalArgumentException("Invalid year: " + year);
    }
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException("Invalid source: " + source);
    }
  }

  /** Grams CO2e of manufacturing per hour of the node's (the GPU's) service life. */
  public double gramsPerHour() {
    return kgCo2e * 1000 / (lifetimeYears * HOURS_PER_YEAR);
  }

  /** Whether this is the default row, used for hardware no other row matches. */
  public boolean isDefault() {
    return hardwarePattern.equals(DEFAULT_PATTERN);
  }
}
