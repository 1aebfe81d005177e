package org.greentrain.energy;

import java.io.Serializable;
import java.util.Map;

/**
 * What one JVM of an application measured in one of its sampling windows, before any attribution:
 * the host meter's energy, the host's and the JVM's own CPU time, and each task's CPU time. JVMs
 * send these to the driver, which attributes each host's energy once ({@link HostLedger}).
 * Immutable; serializable for Spark's plugin RPC.
 *
 * @param jvmId executor id, or {@code driver}
 * @param driverProcess true for the driver's own samples when it runs apart from the executors
 * @param host the machine the JVM runs on
 * @param startMs epoch milliseconds of the window's start, on the host's clock
 * @param endMs epoch milliseconds of the window's end
 * @param joules the host meter's energy over the window, all components
 * @param hostCpuSeconds busy CPU seconds of the whole host over the window
 * @param processCpuSeconds CPU seconds of this JVM over the window
 * @param tasks CPU seconds per task thread over the window, and how the task ended in it
 * @param estimated whether this window's energy came from a model or integrated power
 * @param method the meter's method, e.g. {@code rapl}
 * @param last whether the JVM sends no window after this one (it is shutting down)
 * @param hardware the host's {@link Hardware#description()} as this JVM sees it
 */
public record WindowFacts(
    String jvmId,
    boolean driverProcess,
    HostIdentity host,
    long startMs,
    long endMs,
    double joules,
    double hostCpuSeconds,
    double processCpuSeconds,
    Map<TaskKey, TaskCpuTracker.TaskWindow> tasks,
    boolean estimated,
    String method,
    boolean last,
    String hardware)
    implements Serializable {

  public WindowFacts {
    if (endMs < startMs) {
      throw new IllegalArgumentException(
          "Invalid window of " + jvmId + ": ends at " + endMs + " before its start " + startMs);
    }
    if (!(joules >= 0) || Double.isInfinite(joules)) {
      throw new IllegalArgumentException(
          "Invalid window energy of " + jvmId + ": " + joules + " J");
    }
    tasks = Map.copyOf(tasks);
    hardware = hardware == null ? "" : hardware;
  }

  /** The share of this window that falls inside [fromMs, toMs], from 0 to 1. */
  double fractionIn(long fromMs, long toMs) {
    long overlap = Math.min(toMs, endMs) - Math.max(fromMs, startMs);
    if (overlap <= 0) {
      return 0;
    }
    return endMs == startMs ? 1 : (double) overlap / (endMs - startMs);
  }
}
