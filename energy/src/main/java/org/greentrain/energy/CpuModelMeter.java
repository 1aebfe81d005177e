package org.greentrain.energy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Estimates the node's energy where no counter can be read: {@link CpuTimeEnergyModel} applied to
 * the whole node, with its busy CPU time from {@code /proc/stat} (see {@link ProcStat}).
 *
 * <pre>
 * cpu  = busySeconds * activeWattsPerThread
 *      + wallSeconds * idleWatts * min(logicalCpus, threads) / threads
 * dram = wallSeconds * dramWPerGb * memTotalGb
 * </pre>
 *
 * <p>{@code threads} is the thread count of the profile's CPU model, which a VM may see only part
 * of (2 vCPUs of a 128-thread EPYC): it is charged the matching share of the package's idle power.
 * {@code logicalCpus} is {@link Runtime#availableProcessors()}. {@code memTotalGb} is {@code
 * MemTotal} of {@code /proc/meminfo}, in GiB (1024^3 bytes), the unit cloud providers sell memory
 * in.
 *
 * <p>Caveat: in a container without a {@code /proc} view of its own (such as lxcfs), {@code
 * /proc/stat} and {@code /proc/meminfo} describe the whole host, so the estimate includes other
 * containers' CPU time.
 *
 * <p>Readings start at 0 J when the meter is created and are always estimated. Not thread-safe, see
 * {@link NodeMeter}.
 */
public final class CpuModelMeter implements NodeMeter {

  /** Where Linux reports the node's memory. */
  public static final Path DEFAULT_MEMINFO = Path.of("/proc/meminfo");

  private static final double KIB_PER_GIB = 1024.0 * 1024.0;

  private final CpuTimeEnergyModel model;
  private final ProcStat procStat;
  private final int logicalCpus;
  private final double memoryGb;
  private final LongSupplier nanoTime;
  private final double originBusySeconds;
  private final long originNanos;
  private double lastBusySeconds;

  CpuModelMeter(
      PowerProfile profile,
      ProcStat procStat,
      int logicalCpus,
      double memoryGb,
      LongSupplier nanoTime) {
    this.model = new CpuTimeEnergyModel(profile);
    this.procStat = Objects.requireNonNull(procStat, "procStat");
    if (logicalCpus < 1) {
      throw new IllegalArgumentException("Invalid logicalCpus, must be >= 1: " + logicalCpus);
    }
    this.logicalCpus = logicalCpus;
    if (!(memoryGb >= 0) || !Double.isFinite(memoryGb)) {
      throw new IllegalArgumentException("Invalid memoryGb, must be finite and >= 0: " + memoryGb);
    }
    this.memoryGb = memoryGb;
    this.nanoTime = nanoTime;
    this.originBusySeconds = procStat.read().busySeconds();
    this.originNanos = nanoTime.getAsLong();
    this.lastBusySeconds = originBusySeconds;
  }

  /**
   * A meter for this node: {@code /proc/stat}, {@code /proc/meminfo}, the JVM's available
   * processors and {@link System#nanoTime()}.
   *
   * @throws UncheckedIOException if {@code /proc/stat} or {@code /proc/meminfo} cannot be read, as
   *     off Linux
   */
  public static CpuModelMeter create(PowerProfile profile) {
    return new CpuModelMeter(
        profile,
        new ProcStat(),
        Runtime.getRuntime().availableProcessors(),
        memTotalGb(DEFAULT_MEMINFO, SysfsReader.FILES),
        System::nanoTime);
  }

  /**
   * {@code MemTotal} of a meminfo file, in GiB.
   *
   * @throws IllegalArgumentException if the file has no {@code MemTotal: <n> kB} line
   */
  static double memTotalGb(Path meminfo, SysfsReader reader) {
    String text;
    try {
      text = reader.read(meminfo);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + meminfo, e);
    }
    String line =
        text.lines()
            .filter(l -> l.startsWith("MemTotal:"))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Cannot read memory size from " + meminfo + ": no MemTotal line"));
    String[] fields = line.substring("MemTotal:".length()).strip().split("\\s+");
    try {
      long kib = Long.parseLong(fields[0]);
      if (kib >= 0 && fields.length == 2 && fields[1].equals("kB")) {
        return kib / KIB_PER_GIB;
      }
    } catch (NumberFormatException e) {
      // Reported below with the line.
    }
    throw new IllegalArgumentException(
        "Cannot read memory size from " + meminfo + ": expected 'MemTotal: <n> kB': " + line);
  }

  /**
   * Reads {@code /proc/stat} and estimates the energy since the meter was created.
   *
   * @throws UncheckedIOException if {@code /proc/stat} can no longer be read
   */
  @Override
  public MeterReading read() {
    // Monotone even if the kernel's tick sum ever stepped back (CPU hot-unplug drops a CPU's row).
    lastBusySeconds = Math.max(lastBusySeconds, procStat.read().busySeconds());
    long now = nanoTime.getAsLong();
    double wallSeconds = Math.max(0, (now - originNanos) / 1e9);
    double busySeconds = lastBusySeconds - originBusySeconds;
    double cpu = model.estimate(busySeconds, wallSeconds, logicalCpus, 0).joules();
    double dram = model.estimate(0, wallSeconds, 0, memoryGb).joules();
    return new MeterReading(now, Map.of(MeterReading.CPU, cpu, MeterReading.DRAM, dram));
  }

  @Override
  public String method() {
    return CpuTimeEnergyModel.METHOD;
  }

  @Override
  public boolean isEstimated() {
    return true;
  }
}
