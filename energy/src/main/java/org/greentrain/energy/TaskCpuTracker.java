package org.greentrain.energy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * The CPU time of running tasks' threads, cut into sampling windows. Tasks start and end on their
 * own threads; windows close on the sampler thread; all methods are synchronized.
 *
 * <p>A task's CPU in a window is its thread's CPU-time counter at the window's (or the task's) end
 * minus the counter at the window's (or the task's) start. The thread counter is read through
 * {@code threadCpuNanos} (thread id to nanoseconds, {@code -1} when the thread is gone), which is
 * {@code ThreadMXBean::getThreadCpuTime} in production and a fake in tests.
 */
public final class TaskCpuTracker {

  /** A task's CPU time in one window, and how it ended if it ended in that window. */
  public record TaskWindow(double cpuSeconds, String status) implements java.io.Serializable {}

  private static final class Running {
    final long threadId;
    long lastCpuNanos;

    Running(long threadId, long lastCpuNanos) {
      this.threadId = threadId;
      this.lastCpuNanos = lastCpuNanos;
    }
  }

  private final LongUnaryOperator threadCpuNanos;
  private final Map<TaskKey, Running> running = new HashMap<>();
  private final Map<TaskKey, TaskWindow> endedInWindow = new LinkedHashMap<>();

  public TaskCpuTracker(LongUnaryOperator threadCpuNanos) {
    this.threadCpuNanos = threadCpuNanos;
  }

  /** Called on the task's thread when it starts. */
  public synchronized void start(TaskKey task, long threadId) {
    running.put(task, new Running(threadId, Math.max(0, threadCpuNanos.applyAsLong(threadId))));
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
    TaskWindow earlier = endedInWindow.get(task);
    double total = seconds + (earlier == null ? 0 : earlier.cpuSeconds());
    endedInWindow.put(task, new TaskWindow(total, status));
  }

  /**
   * Closes the current window: CPU seconds per task since the last window, for tasks still running
   * (status "running") and those that ended in it.
   */
  public synchronized Map<TaskKey, TaskWindow> closeWindow() {
    Map<TaskKey, TaskWindow> out = new LinkedHashMap<>(endedInWindow);
    endedInWindow.clear();
    for (Map.Entry<TaskKey, Running> e : running.entrySet()) {
      Running r = e.getValue();
      long now = threadCpuNanos.applyAsLong(r.threadId);
      double seconds = now < 0 ? 0 : Math.max(0, now - r.lastCpuNanos) / 1e9;
      if (now >= 0) {
        r.lastCpuNanos = now;
      }
      out.put(e.getKey(), new TaskWindow(seconds, "running"));
    }
    return out;
  }

  public synchronized int runningTasks() {
    return running.size();
  }
}
