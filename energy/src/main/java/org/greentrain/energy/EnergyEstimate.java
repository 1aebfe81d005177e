package org.greentrain.energy;

/**
 * An amount of energy in joules, with the method that produced it (for example {@code
 * "cpu-time-model"}) and whether it was estimated from a model rather than read from a meter.
 */
public record EnergyEstimate(double joules, String method, boolean estimated) {

  /** Joules in one kilowatt-hour. */
  public static final double JOULES_PER_KWH = 3.6e6;

  public EnergyEstimate {
    if (!(joules >= 0) || !Double.isFinite(joules)) {
      throw new IllegalArgumentException("Invalid joules, must be finite and >= 0: " + joules);
    }
    if (method == null || method.isBlank()) {
      throw new IllegalArgumentException("Invalid method: " + method);
    }
  }

  /** The energy in kilowatt-hours. */
  public double kwh() {
    return joules / JOULES_PER_KWH;
  }

  /** Whether the value comes from a model rather than a meter; same as {@link #estimated()}. */
  public boolean isEstimated() {
    return estimated;
  }
}
