package org.greentrain.energy;

/**
 * One part of a window's node energy.
 *
 * @param kind {@link #TASK}, {@link #EXECUTOR_OVERHEAD} or {@link #NODE_OTHER}
 * @param task the task for {@link #TASK} shares, else null
 * @param cpuSeconds CPU time the share is based on (for node_other: the node's CPU outside this
 *     executor)
 * @param joules energy of the share
 */
public record EnergyShare(String kind, TaskKey task, double cpuSeconds, double joules) {

  /** Energy of the CPU time a task's own thread used. */
  public static final String TASK = "task";

  /** Energy of the executor's other threads: GC, shuffle, RPC, extra intra-op threads. */
  public static final String EXECUTOR_OVERHEAD = "executor_overhead";

  /** Idle power and every other process on the node. */
  public static final String NODE_OTHER = "node_other";
}
