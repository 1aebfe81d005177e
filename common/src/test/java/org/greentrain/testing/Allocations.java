package org.greentrain.testing;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

/**
 * Bytes a piece of code allocates on the calling thread, from {@code
 * com.sun.management.ThreadMXBean#getThreadAllocatedBytes}: a deterministic upper bound on what a
 * reader asked of the heap, unlike a heap reading, which depends on the collector's timing.
 */
public final class Allocations {

  /** 1 MiB, the unit the bounds in tests are written in. */
  public static final long MIB = 1 << 20;

  private Allocations() {}

  /**
   * What an action returned or threw (exactly one is non-null, unless it returned null) and the
   * bytes it allocated.
   */
  public record Outcome<T>(T value, Throwable thrown, long allocatedBytes) {}

  /** Runs {@code action} on this thread and measures it; any throwable is caught and returned. */
  public static <T> Outcome<T> measure(Supplier<T> action) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(id);
    T value = null;
    Throwable thrown = null;
    try {
      value = action.get();
    } catch (Throwable t) {
      // An OutOfMemoryError is an outcome to report too: it is what the bounds prevent.
      thrown = t;
    }
    return new Outcome<>(value, thrown, threads.getThreadAllocatedBytes(id) - before);
  }

  /** Runs {@code action}, which should throw, and measures it. */
  public static Outcome<Void> measureFailure(Runnable action) {
    return measure(
        () -> {
          action.run();
          return null;
        });
  }
}
