package org.greentrain.train;

/**
 * The cost Zeus minimises (You, Chung and Chowdhury, NSDI '23): {@code eta * ETA + (1 - eta) *
 * P_max * TTA}, energy to accuracy and time to accuracy in one unit, joules. {@code eta = 1} counts
 * energy only, {@code eta = 0} time only (as the energy of running at full power for that long).
 *
 * @param eta weight of energy against time, in [0, 1]
 * @param maxPowerWatts the power that converts time into joules: the node's maximum power (W)
 */
public record ZeusCost(double eta, double maxPowerWatts) {

  public ZeusCost {
    if (!(eta >= 0 && eta <= 1)) {
      throw new IllegalArgumentException("Invalid eta: " + eta + " (between 0 and 1)");
    }
    if (!(maxPowerWatts > 0) || Double.isInfinite(maxPowerWatts)) {
      throw new IllegalArgumentException("Invalid maximum power: " + maxPowerWatts + " W");
    }
  }

  /** The cost of reaching the target with {@code joules} in {@code seconds}, in J. */
  public double of(double joules, double seconds) {
    return eta * joules + (1 - eta) * maxPowerWatts * seconds;
  }

  /**
   * Whether a trial that has cost {@code cost} so far should stop: it passed {@code beta} times the
   * least cost known for reaching the target (Zeus's early stop).
   */
  public static boolean passes(double cost, double leastKnown, double beta) {
    return cost > beta * leastKnown;
  }
}
