package org.greentrain.energy;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Totals over collected energy rows that count each node once.
 *
 * <p>Every executor's rows for a window add up to the whole node's energy in that window (its own
 * tasks and overhead, plus node_other for everything else on the node). With several executors on
 * one host, summing all their rows would count the node several times; the node's energy is the
 * rows of one executor per host (the lowest id), plus driver rows of hosts with no executor.
 */
public final class NodeEnergy {

  private NodeEnergy() {}

  /** Energy of all nodes between two instants, windows prorated by their overlap. */
  public static double joulesBetween(Collection<EnergyRow> rows, long fromMs, long toMs) {
    Map<String, String> reporter = reporters(rows);
    double joules = 0;
    for (EnergyRow r : rows) {
      if (!r.executorId().equals(reporter.get(r.host()))) {
        continue;
      }
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
    double joules = 0;
    for (EnergyRow r : rows) {
      if (EnergyShare.NODE_OTHER.equals(r.kind())) {
        continue;
      }
      double windowSeconds = (r.windowEndMs() - r.windowStartMs()) / 1000.0;
      double overlap = r.overlapSeconds(fromMs, toMs);
      if (windowSeconds > 0 && overlap > 0) {
        joules += r.joules() * overlap / windowSeconds;
      }
    }
    return joules;
  }

  /** Per host, the executor whose rows stand for the node: the lowest id, or the driver. */
  static Map<String, String> reporters(Collection<EnergyRow> rows) {
    Map<String, String> byHost = new HashMap<>();
    for (EnergyRow r : rows) {
      byHost.merge(
          r.host(),
          r.executorId(),
          (a, b) -> {
            if (isDriverId(a) != isDriverId(b)) {
              return isDriverId(a) ? b : a;
            }
            return a.compareTo(b) <= 0 ? a : b;
          });
    }
    return byHost;
  }

  private static boolean isDriverId(String executorId) {
    return "driver".equals(executorId);
  }
}
