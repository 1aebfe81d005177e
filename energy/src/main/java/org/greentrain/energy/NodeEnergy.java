package org.greentrain.energy;

import java.util.Collection;
import java.util.function.ToDoubleFunction;

/**
 * Totals over collected energy rows that count each node once.
 *
 * <p>The driver attributes each host's energy once per stretch of time ({@link HostLedger}), so the
 * rows of an application add up to what its hosts measured: every row counts, none overlaps.
 */
public final class NodeEnergy {

  private NodeEnergy() {}

  /** Energy of all nodes between two instants, windows prorated by their overlap. */
  public static double joulesBetween(Collection<EnergyRow> rows, long fromMs, long toMs) {
    double joules = 0;
    for (EnergyRow r : rows) {
      double windowSeconds = (r.windowEndMs() - r.windowStartMs()) / 1000.0;
      double overlap = r.overlapSeconds(fromMs, toMs);
      if (windowSeconds > 0 && overlap > 0) {
        joules += r.joules() * overlap / windowSeconds;
      }
    }
    return joules;
  }

  /**
   * Energy of the application's own processes between two instants: its tasks, its executors' other
   * threads and its driver, prorated by overlap; node_other (idle power, other processes) is left
   * out.
   */
  public static double applicationJoulesBetween(
      Collection<EnergyRow> rows, long fromMs, long toMs) {
    return applicationSumBetween(rows, fromMs, toMs, EnergyRow::joules);
  }

  /**
   * As {@link #applicationJoulesBetween}, for any quantity of a row that is spread evenly over its
   * window: embodied grams, litres of water.
   */
  public static double applicationSumBetween(
      Collection<EnergyRow> rows, long fromMs, long toMs, ToDoubleFunction<EnergyRow> value) {
    double sum = 0;
    for (EnergyRow r : rows) {
      if (EnergyShare.NODE_OTHER.equals(r.kind())) {
        continue;
      }
      double windowSeconds = (r.windowEndMs() - r.windowStartMs()) / 1000.0;
      double overlap = r.overlapSeconds(fromMs, toMs);
      if (windowSeconds > 0 && overlap > 0) {
        sum += value.applyAsDouble(r) * overlap / windowSeconds;
      }
    }
    return sum;
  }
}
