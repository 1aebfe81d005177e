package org.greentrain.energy;

/**
 * A source of cumulative energy readings for the whole node, sampled about once a second; the
 * caller splits the energy between two readings across the work that ran in between.
 *
 * <p>Every reading is cumulative and, per component, never lower than the one before, from an
 * arbitrary origin; a counter that wraps or resets underneath is the meter's business, not the
 * caller's.
 *
 * <p>Threading: called from one sampler thread. Implementations need not be thread-safe, and {@link
 * #read()} may block for as long as it takes to read a file or run a short command.
 */
public interface NodeMeter extends AutoCloseable {

  /**
   * Reads every component now.
   *
   * @throws java.io.UncheckedIOException if a counter that was readable when the meter was opened
   *     can no longer be read; the caller decides whether to fall back to another meter
   */
  MeterReading read();

  /** How the energy is obtained, for example {@code rapl}, {@code rapl+nvidia-smi}. */
  String method();

  /** Whether the readings come from a model rather than from energy counters. */
  boolean isEstimated();

  /** Releases what the meter holds; a no-op by default. */
  @Override
  default void close() {}
}
