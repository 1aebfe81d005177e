package org.greentrain.energy;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One sample of a {@link NodeMeter}: the cumulative energy of each component of a node, in joules,
 * from an arbitrary origin fixed when the meter was opened, taken at {@code monotonicNanos} on the
 * {@link System#nanoTime()} scale.
 *
 * <p>Components are {@value #CPU} (all CPU packages together), {@value #DRAM} and {@code
 * gpu:<index>} (see {@link #gpu(int)}). Only differences between two readings of the same meter
 * mean anything: see {@link #joulesSince} and {@link #secondsSince}. Immutable; the map iterates in
 * component name order.
 */
public record MeterReading(long monotonicNanos, Map<String, Double> joulesByComponent) {

  /** The component of all CPU packages of the node. */
  public static final String CPU = "cpu";

  /** The component of the node's memory. */
  public static final String DRAM = "dram";

  private static final String GPU_PREFIX = "gpu:";

  public MeterReading {
    if (joulesByComponent == null) {
      throw new IllegalArgumentException("Invalid joulesByComponent: null");
    }
    for (Map.Entry<String, Double> e : joulesByComponent.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank()) {
        throw new IllegalArgumentException("Invalid component name: " + e.getKey());
      }
      Double joules = e.getValue();
      if (joules == null || !(joules >= 0) || joules.isInfinite()) {
        throw new IllegalArgumentException(
            "Invalid joules of component " + e.getKey() + ", must be finite and >= 0: " + joules);
      }
    }
    joulesByComponent = Collections.unmodifiableMap(new TreeMap<>(joulesByComponent));
  }

  /** The component name of the GPU with the given index: {@code gpu:0}, {@code gpu:1}... */
  public static String gpu(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("Invalid GPU index: " + index);
    }
    return GPU_PREFIX + index;
  }

  /**
   * The joules each component used between {@code earlier} and this reading. A component absent
   * from {@code earlier} counts from 0 (a GPU that appeared); one absent from this reading is left
   * out.
   *
   * @throws IllegalArgumentException if {@code earlier} was taken after this reading
   * @throws IllegalStateException if a component went down, which meters rule out by construction,
   *     so it means the readings come from two different meters
   */
  public Map<String, Double> joulesSince(MeterReading earlier) {
    secondsSince(earlier);
    Map<String, Double> deltas = new TreeMap<>();
    for (Map.Entry<String, Double> e : joulesByComponent.entrySet()) {
      double before = earlier.joulesByComponent.getOrDefault(e.getKey(), 0.0);
      double delta = e.getValue() - before;
      if (delta < 0) {
        throw new IllegalStateException(
            "Cannot compute energy of component "
                + e.getKey()
                + ": cumulative joules went down from "
                + before
                + " to "
                + e.getValue());
      }
      deltas.put(e.getKey(), delta);
    }
    return Collections.unmodifiableMap(deltas);
  }

  /**
   * Seconds elapsed between {@code earlier} and this reading.
   *
   * @throws IllegalArgumentException if {@code earlier} was taken after this reading
   */
  public double secondsSince(MeterReading earlier) {
    long nanos = monotonicNanos - earlier.monotonicNanos;
    // Subtraction, not comparison: nanoTime values may overflow, their differences do not.
    if (nanos < 0) {
      throw new IllegalArgumentException(
          "Cannot compute time since a later reading: "
              + earlier.monotonicNanos
              + " ns is after "
              + monotonicNanos
              + " ns");
    }
    return nanos / 1e9;
  }
}
