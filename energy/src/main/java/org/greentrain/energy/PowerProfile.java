package org.greentrain.energy;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Power characteristics of one CPU package, as used by the CPU-time energy model.
 *
 * <p>{@code tdpW} is the package's thermal design power in watts, taken as its power at full load;
 * {@code idleFraction} of it is drawn whatever the load, the rest grows with CPU time. {@code
 * threads} is the number of hardware threads of the package. {@code dramWPerGb} is the power of
 * memory in watts per gigabyte allocated. {@code source} says where the figures come from.
 *
 * <p>{@code cpuPattern} is a regular expression found, case-insensitively, in the CPU model name,
 * or {@link #DEFAULT_PATTERN} for the fallback profile.
 */
public record PowerProfile(
    String cpuPattern,
    double tdpW,
    int threads,
    double idleFraction,
    double dramWPerGb,
    String source) {

  /** The pattern of the profile used when no other profile matches. */
  public static final String DEFAULT_PATTERN = "*";

  public PowerProfile {
    if (cpuPattern == null || cpuPattern.isBlank()) {
      throw new IllegalArgumentException("Invalid cpuPattern: " + cpuPattern);
    }
    if (!cpuPattern.equals(DEFAULT_PATTERN)) {
      try {
        Pattern.compile(cpuPattern);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "Invalid cpuPattern: " + cpuPattern + " (" + e.getDescription() + ")");
      }
    }
    if (!(tdpW > 0) || !Double.isFinite(tdpW)) {
      throw new IllegalArgumentException("Invalid tdpW, must be > 0: " + tdpW);
    }
    if (threads <= 0) {
      throw new IllegalArgumentException("Invalid threads, must be > 0: " + threads);
    }
    if (!(idleFraction >= 0 && idleFraction < 1)) {
      throw new IllegalArgumentException(
          "Invalid idleFraction, must be in [0, 1): " + idleFraction);
    }
    if (!(dramWPerGb >= 0) || !Double.isFinite(dramWPerGb)) {
      throw new IllegalArgumentException("Invalid dramWPerGb, must be >= 0: " + dramWPerGb);
    }
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException("Invalid source: " + source);
    }
  }

  /** Watts one fully busy hardware thread adds above idle. */
  public double activeWattsPerThread() {
    return tdpW * (1 - idleFraction) / threads;
  }

  /** Watts the whole package draws when idle. */
  public double idleWatts() {
    return tdpW * idleFraction;
  }

  /** Whether this is the fallback profile, used for CPUs no other profile matches. */
  public boolean isDefault() {
    return cpuPattern.equals(DEFAULT_PATTERN);
  }
}
