package org.greentrain.energy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits the energy a host used in one stretch of time by CPU-time share. The rule, stated once
 * (docs/energy-model.md): the whole energy of the stretch, idle power included, is shared by the
 * host's busy CPU time. A task gets {@code joules × its thread's CPU seconds / the host's busy CPU
 * seconds}; each JVM of the application gets the same for its CPU outside its tasks (executor
 * overhead, or the driver); what is left (other processes, and the whole stretch when the host was
 * idle) is one node_other share. The shares always add up to the stretch's energy.
 *
 * <p>Measured CPU times come from different clocks (thread, process, /proc/stat) and can disagree
 * slightly; the split clamps them so that tasks never exceed their JVM and the JVMs never exceed
 * the host, rather than producing negative energy. Stateless; safe from any thread.
 */
public final class WindowAttribution {

  /**
   * One JVM's CPU time in the stretch.
   *
   * @param driverProcess whether its CPU outside tasks is the driver's rather than an executor's
   */
  public record JvmCpu(
      String jvmId,
      boolean driverProcess,
      double processCpuSeconds,
      Map<TaskKey, Double> taskCpuSeconds) {}

  /** A share and the JVM it belongs to (for node_other: the JVM whose meter reading it is). */
  public record JvmShare(String jvmId, EnergyShare share) {}

  private WindowAttribution() {}

  /**
   * One JVM alone on its host.
   *
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
    List<EnergyShare> out = new ArrayList<>();
    for (JvmShare s :
        splitHost(
            joules,
            nodeCpuSeconds,
            "",
            List.of(new JvmCpu("", false, processCpuSeconds, taskCpuSeconds)))) {
      out.add(s.share());
    }
    return out;
  }

  /**
   * All of an application's JVMs on one host.
   *
   * @param joules energy the host used in the stretch, in J
   * @param hostCpuSeconds busy CPU seconds of the whole host in the stretch
   * @param meterJvm the JVM whose meter reading {@code joules} is; named on the node_other share
   */
  public static List<JvmShare> splitHost(
      double joules, double hostCpuSeconds, String meterJvm, List<JvmCpu> jvms) {
    if (!(joules >= 0) || Double.isInfinite(joules)) {
      throw new IllegalArgumentException("Invalid window energy: " + joules + " J");
    }
    double application = 0;
    for (JvmCpu jvm : jvms) {
      application += Math.max(tasksOf(jvm), jvm.processCpuSeconds());
    }
    double host = Math.max(application, hostCpuSeconds);
    List<JvmShare> shares = new ArrayList<>();
    double assigned = 0;
    for (JvmCpu jvm : jvms) {
      double tasks = tasksOf(jvm);
      for (Map.Entry<TaskKey, Double> e : jvm.taskCpuSeconds().entrySet()) {
        double cpu = Math.max(0, e.getValue());
        double j = host > 0 ? joules * cpu / host : 0;
        shares.add(
            new JvmShare(jvm.jvmId(), new EnergyShare(EnergyShare.TASK, e.getKey(), cpu, j)));
        assigned += j;
      }
      double restCpu = Math.max(tasks, jvm.processCpuSeconds()) - tasks;
      double rest = host > 0 ? joules * restCpu / host : 0;
      String kind = jvm.driverProcess() ? EnergyRow.DRIVER : EnergyShare.EXECUTOR_OVERHEAD;
      shares.add(new JvmShare(jvm.jvmId(), new EnergyShare(kind, null, restCpu, rest)));
      assigned += rest;
    }
    // By subtraction, so the shares add up to the stretch's energy exactly.
    shares.add(
        new JvmShare(
            meterJvm,
            new EnergyShare(
                EnergyShare.NODE_OTHER, null, host - application, Math.max(0, joules - assigned))));
    return shares;
  }

  private static double tasksOf(JvmCpu jvm) {
    double tasks = 0;
    for (double s : jvm.taskCpuSeconds().values()) {
      tasks += Math.max(0, s);
    }
    return tasks;
  }
}
