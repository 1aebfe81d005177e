package org.greentrain.energy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits the energy a node used in one sampling window by CPU-time share: each task gets the node
 * energy times its thread's CPU seconds over the node's CPU seconds, the executor's other threads
 * get the rest of the process's CPU share, and what is left (idle power, other processes) is one
 * node_other share. The shares always add up to the window's energy.
 *
 * <p>Measured CPU times come from different clocks (thread, process, /proc/stat) and can disagree
 * slightly; the split clamps them so that tasks never exceed the process and the process never
 * exceeds the node, rather than producing negative energy.
 */
public final class WindowAttribution {

  private WindowAttribution() {}

  /**
   * @param joules energy the node used in the window
   * @param taskCpuSeconds CPU seconds each task's thread used in the window
   * @param processCpuSeconds CPU seconds of the whole executor process in the window
   * @param nodeCpuSeconds busy CPU seconds of the whole node in the window
   */
  public static List<EnergyShare> split(
      double joules,
      Map<TaskKey, Double> taskCpuSeconds,
      double processCpuSeconds,
      double nodeCpuSeconds) {
    if (!(joules >= 0) || Double.isInfinite(joules)) {
      throw new IllegalArgumentException("Invalid window energy: " + joules + " J");
    }
    double tasks = 0;
    for (double s : taskCpuSeconds.values()) {
      tasks += Math.max(0, s);
    }
    double process = Math.max(tasks, processCpuSeconds);
    double node = Math.max(process, nodeCpuSeconds);
    List<EnergyShare> shares = new ArrayList<>(taskCpuSeconds.size() + 2);
    double assigned = 0;
    for (Map.Entry<TaskKey, Double> e : taskCpuSeconds.entrySet()) {
      double cpu = Math.max(0, e.getValue());
      double j = node > 0 ? joules * cpu / node : 0;
      shares.add(new EnergyShare(EnergyShare.TASK, e.getKey(), cpu, j));
      assigned += j;
    }
    double overheadCpu = process - tasks;
    double overhead = node > 0 ? joules * overheadCpu / node : 0;
    shares.add(new EnergyShare(EnergyShare.EXECUTOR_OVERHEAD, null, overheadCpu, overhead));
    assigned += overhead;
    // By subtraction, so the shares add up to the window's energy exactly.
    shares.add(
        new EnergyShare(
            EnergyShare.NODE_OTHER, null, node - process, Math.max(0, joules - assigned)));
    return shares;
  }
}
