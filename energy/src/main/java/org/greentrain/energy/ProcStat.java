package org.greentrain.energy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads the node's cumulative CPU time from the first line of {@code /proc/stat}: {@code cpu user
 * nice system idle iowait irq softirq steal guest guest_nice}, in clock ticks summed over all
 * logical CPUs.
 *
 * <p>Ticks are {@code USER_HZ}, which Linux fixes at 100 per second on every architecture we run
 * on; the constructor takes another rate for the odd kernel. Busy time is {@code user + nice +
 * system + irq + softirq}. Not counted as busy: {@code guest} and {@code guest_nice}, already
 * inside {@code user} and {@code nice}; {@code steal}, time the hypervisor gave our vCPUs' slots to
 * other guests, which is their energy, not ours (it is reported apart, in {@link
 * Times#stealSeconds()}). Fields a kernel does not print count as 0.
 *
 * <p>Stateless and safe to share between threads; every {@link #read()} reads the file again.
 */
public final class ProcStat {

  /** The file on Linux. */
  public static final Path DEFAULT_PATH = Path.of("/proc/stat");

  /** Clock ticks per second of {@code /proc/stat} on Linux ({@code USER_HZ}). */
  public static final int USER_HZ = 100;

  /** One snapshot, in seconds of CPU time summed over all logical CPUs since boot. */
  public record Times(double busySeconds, double stealSeconds, double totalSeconds) {}

  private static final int USER = 0;
  private static final int NICE = 1;
  private static final int SYSTEM = 2;
  private static final int IDLE = 3;
  private static final int IOWAIT = 4;
  private static final int IRQ = 5;
  private static final int SOFTIRQ = 6;
  private static final int STEAL = 7;
  private static final int COUNTED = 8;

  private final Path path;
  private final int ticksPerSecond;
  private final SysfsReader reader;

  /** Reads {@link #DEFAULT_PATH} at {@link #USER_HZ}. */
  public ProcStat() {
    this(DEFAULT_PATH, USER_HZ);
  }

  public ProcStat(Path path, int ticksPerSecond) {
    this(path, ticksPerSecond, SysfsReader.FILES);
  }

  ProcStat(Path path, int ticksPerSecond, SysfsReader reader) {
    this.path = Objects.requireNonNull(path, "path");
    if (ticksPerSecond <= 0) {
      throw new IllegalArgumentException("Invalid ticksPerSecond, must be > 0: " + ticksPerSecond);
    }
    this.ticksPerSecond = ticksPerSecond;
    this.reader = reader;
  }

  /**
   * Reads the file now.
   *
   * @throws UncheckedIOException if it cannot be read
   * @throws IllegalArgumentException if its first line is not an aggregate {@code cpu} line
   */
  public Times read() {
    String text;
    try {
      text = reader.read(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + path, e);
    }
    String line = text.lines().findFirst().orElse("");
    String[] fields = line.strip().split("\\s+");
    if (!fields[0].equals("cpu") || fields.length < 1 + IDLE + 1) {
      throw new IllegalArgumentException(
          "Cannot read CPU time from "
              + path
              + ": first line is not 'cpu user nice system idle"
              + " ...': "
              + line);
    }
    long[] ticks = new long[COUNTED];
    for (int i = 0; i < COUNTED && i + 1 < fields.length; i++) {
      try {
        ticks[i] = Long.parseLong(fields[i + 1]);
      } catch (NumberFormatException e) {
        ticks[i] = -1;
      }
      if (ticks[i] < 0) {
        throw new IllegalArgumentException(
            "Cannot read CPU time from "
                + path
                + ": field "
                + (i + 2)
                + " is not a tick count: "
                + line);
      }
    }
    long busy = ticks[USER] + ticks[NICE] + ticks[SYSTEM] + ticks[IRQ] + ticks[SOFTIRQ];
    long total = busy + ticks[IDLE] + ticks[IOWAIT] + ticks[STEAL];
    double hz = ticksPerSecond;
    return new Times(busy / hz, ticks[STEAL] / hz, total / hz);
  }

  /** The file this reads. */
  public Path path() {
    return path;
  }
}
