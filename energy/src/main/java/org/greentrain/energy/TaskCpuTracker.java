package org.greentrain.energy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

/**
 * The CPU time of running tasks' threads, and the wall time they held their GPUs, cut into sampling
 * windows. Tasks start and end on their own threads; windows close on the sampler thread; all
 * methods are synchronized.
 *
 * <p>A task's CPU in a window is its thread's CPU-time counter at the window's (or the task's) end
 * minus the counter at the window's (or the task's) start. The thread counter is read through
 * {@code threadCpuNanos} (thread id to nanoseconds, {@code -1} when the thread is gone), which is
 * {@code ThreadMXBean::getThreadCpuTime} in production and a fake in tests; wall time through
 * {@code wallMs}, epoch milliseconds.
 */
public final class TaskCpuTracker {

  /**
   * A task's CPU time in one window, and how it ended if it ended in that window.
   *
   * @param heldSeconds wall seconds of the window the task ran in, from its start or the window's
   *     to its end or the window's
   * @param gpus the names of the GPUs the task held ({@link GpuNames#of}), one per GPU; empty when
   *     it held none
   */
  public record TaskWindow(double cpuSeconds, String status, double heldSeconds, List<String> gpus)
      implements java.io.Serializable {

    public TaskWindow {
      gpus = List.copyOf(gpus);
    }

    /** A window of a task that held no GPU, whose wall time then counts for nothing. */
    public TaskWindow(double cpuSeconds, String status) {
      this(cpuSeconds, status, 0, List.of());
    }

    /** GPU hours the task held in the window: its wall time × the GPUs it held. */
    public double gpuHours() {
      return heldSeconds * gpus.size() / 3600;
    }
  }

  private static final class Running {
    final long threadId;
    final List<String> gpus;
    final long startMs;
    long lastCpuNanos;

    Running(long threadId, List<String> gpus, long startMs, long lastCpuNanos) {
      this.threadId = threadId;
      this.gpus = List.copyOf(gpus);
      this.startMs = startMs;
      this.lastCpuNanos = lastCpuNanos;
    }
  }

  private final LongUnaryOperator threadCpuNanos;
  private final LongSupplier wallMs;
  private final Map<TaskKey, Running> running = new HashMap<>();
  private final Map<TaskKey, TaskWindow> endedInWindow = new LinkedHashMap<>();
  private long windowStartMs;

  public TaskCpuTracker(LongUnaryOperator threadCpuNanos) {
    this(threadCpuNanos, System::currentTimeMillis);
  }

  public TaskCpuTracker(LongUnaryOperator threadCpuNanos, LongSupplier wallMs) {
    this.threadCpuNanos = threadCpuNanos;
    this.wallMs = wallMs;
  }

  /** Called on the task's thread when it starts, for a task that holds no GPU. */
  public synchronized void start(TaskKey task, long threadId) {
    start(task, threadId, List.of());
  }

  /** Called on the task's thread when it starts; {@code gpus}: the names of the GPUs it holds. */
  public synchronized void start(TaskKey task, long threadId, List<String> gpus) {
    running.put(
        task,
        new Running(
            threadId, gpus, wallMs.getAsLong(), Math.max(0, threadCpuNanos.applyAsLong(threadId))));
  }

  /**
   * Called on the task's thread when it ends; {@code status} is e.g. "success" or "failed". An
   * unknown task (its start was missed) is ignored.
   */
  public synchronized void end(TaskKey task, String status) {
    Running r = running.remove(task);
    if (r == null) {
      return;
    }
    long now = threadCpuNanos.applyAsLong(r.threadId);
    double seconds = now < 0 ? 0 : Math.max(0, now - r.lastCpuNanos) / 1e9;
    double held = heldSeconds(r, wallMs.getAsLong());
    TaskWindow earlier = endedInWindow.get(task);
    double total = seconds + (earlier == null ? 0 : earlier.cpuSeconds());
    double totalHeld = held + (earlier == null ? 0 : earlier.heldSeconds());
    endedInWindow.put(task, new TaskWindow(total, status, totalHeld, r.gpus));
  }

  /** As {@link #closeWindow(long)}, the window ending now. */
  public synchronized Map<TaskKey, TaskWindow> closeWindow() {
    return closeWindow(wallMs.getAsLong());
  }

  /**
   * Closes the current window at {@code endMs} (epoch ms; the sampler's reading of the same clock):
   * CPU seconds per task since the last window, for tasks still running (status "running") and
   * those that ended in it.
   */
  public synchronized Map<TaskKey, TaskWindow> closeWindow(long endMs) {
    Map<TaskKey, TaskWindow> out = new LinkedHashMap<>(endedInWindow);
    endedInWindow.clear();
    for (Map.Entry<TaskKey, Running> e : running.entrySet()) {
      Running r = e.getValue();
      long now = threadCpuNanos.applyAsLong(r.threadId);
      double seconds = now < 0 ? 0 : Math.max(0, now - r.lastCpuNanos) / 1e9;
      if (now >= 0) {
        r.lastCpuNanos = now;
      }
      out.put(e.getKey(), new TaskWindow(seconds, "running", heldSeconds(r, endMs), r.gpus));
    }
    windowStartMs = endMs;
    return out;
  }

  /** Wall seconds of the current window a task ran in up to {@code untilMs}. */
  private double heldSeconds(Running r, long untilMs) {
    return Math.max(0, untilMs - Math.max(r.startMs, windowStartMs)) / 1000.0;
  }

  public synchronized int runningTasks() {
    return running.size();
  }
}
