package org.greentrain.energy;

import java.util.Objects;

/**
 * Estimates the energy of a piece of work from its CPU time, for machines with no readable energy
 * counter (most VMs and containers).
 *
 * <pre>
 * joules = cpuSeconds  * activeWattsPerThread
 *        + wallSeconds * idleWatts * min(allocatedThreads, threads) / threads
 *        + wallSeconds * dramWPerGb * memoryGb
 * </pre>
 *
 * <p>The idle term charges the work its share of the package's idle power for as long as it held
 * its threads; the memory term charges the memory it held. Results are always marked estimated.
 * Instances are immutable and safe to share between threads.
 */
public final class CpuTimeEnergyModel {

  /** The {@link EnergyEstimate#method()} of this model's estimates. */
  public static final String METHOD = "cpu-time-model";

  private final PowerProfile profile;

  public CpuTimeEnergyModel(PowerProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  public PowerProfile profile() {
    return profile;
  }

  /**
   * The energy of work that used {@code cpuSeconds} of CPU time over {@code wallSeconds}, holding
   * {@code allocatedThreads} hardware threads and {@code memoryGb} gigabytes of memory.
   *
   * @throws IllegalArgumentException if an argument is negative or not finite
   */
  public EnergyEstimate estimate(
      double cpuSeconds, double wallSeconds, int allocatedThreads, double memoryGb) {
    requireNonNegative("cpuSeconds", cpuSeconds);
    requireNonNegative("wallSeconds", wallSeconds);
    if (allocatedThreads < 0) {
      throw new IllegalArgumentException(
          "Invalid allocatedThreads, must be >= 0: " + allocatedThreads);
    }
    requireNonNegative("memoryGb", memoryGb);

    // Threads beyond the package's own cannot draw more than the whole package's idle power.
    double idleShare = (double) Math.min(allocatedThreads, profile.threads()) / profile.threads();
    double joules =
        cpuSeconds * profile.activeWattsPerThread()
            + wallSeconds * profile.idleWatts() * idleShare
            + wallSeconds * profile.dramWPerGb() * memoryGb;
    return new EnergyEstimate(joules, METHOD, true);
  }

  private static void requireNonNegative(String name, double value) {
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException("Invalid " + name + ", must be finite and >= 0: " + value);
    }
  }
}
