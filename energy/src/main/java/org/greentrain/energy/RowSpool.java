package org.greentrain.energy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Hands attributed rows to durable storage in batches while the application runs, at most one
 * period apart, so that a driver killed with SIGKILL loses at most about one period of accounting.
 * Rows are written by {@code sink}, on the thread that offers the batch that completes the period;
 * a sink that throws keeps the rows for the next attempt. All methods are synchronized; {@code
 * clock} gives epoch ms.
 */
public final class RowSpool {

  private final LongSupplier clock;
  private final long periodMs;
  private final Consumer<List<EnergyRow>> sink;
  private final List<EnergyRow> buffered = new ArrayList<>();
  private long nextFlushMs;

  public RowSpool(LongSupplier clock, long periodMs, Consumer<List<EnergyRow>> sink) {
    if (periodMs <= 0) {
      throw new IllegalArgumentException("Invalid spool period: " + periodMs + " ms (at least 1)");
    }
    this.clock = clock;
    this.periodMs = periodMs;
    this.sink = sink;
    this.nextFlushMs = clock.getAsLong() + periodMs;
  }

  /** Buffers {@code rows} and writes the buffer if a period has passed since the last write. */
  public synchronized void offer(List<EnergyRow> rows) {
    buffered.addAll(rows);
    long now = clock.getAsLong();
    if (now >= nextFlushMs && !buffered.isEmpty()) {
      sink.accept(List.copyOf(buffered));
      buffered.clear();
      nextFlushMs = now + periodMs;
    }
  }

  /** Rows buffered and not yet written. */
  public synchronized int buffered() {
    return buffered.size();
  }
}
