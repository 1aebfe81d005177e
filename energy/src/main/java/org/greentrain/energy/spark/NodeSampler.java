package org.greentrain.energy.spark;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.greentrain.energy.HostIdentity;
import org.greentrain.energy.MeterReading;
import org.greentrain.energy.NodeMeter;
import org.greentrain.energy.ProcStat;
import org.greentrain.energy.TaskCpuTracker;
import org.greentrain.energy.TaskKey;
import org.greentrain.energy.WindowFacts;

/**
 * Closes one sampling window at a time: reads the node meter and the CPU clocks and hands the
 * window's raw facts on, for the driver to attribute once per host. Called from one sampler thread
 * (and once more at shutdown); not thread-safe itself.
 */
final class NodeSampler {

  private final String jvmId;
  private final boolean driverProcess;
  private final HostIdentity host;
  private final NodeMeter meter;
  private final TaskCpuTracker tasks;
  private final ProcStat procStat;
  private final Consumer<WindowFacts> sink;
  private final String hardware;
  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private MeterReading lastReading;
  private long lastWallMs;
  private long lastProcessCpuNanos;
  private double lastNodeCpuSeconds;

  NodeSampler(
      String jvmId,
      boolean driverProcess,
      HostIdentity host,
      NodeMeter meter,
      TaskCpuTracker tasks,
      Path procStat,
      String hardware,
      Consumer<WindowFacts> sink) {
    this.jvmId = jvmId;
    this.driverProcess = driverProcess;
    this.host = host;
    this.meter = meter;
    this.tasks = tasks;
    this.procStat = Files.isReadable(procStat) ? new ProcStat(procStat, ProcStat.USER_HZ) : null;
    this.sink = sink;
    this.hardware = hardware;
    this.lastReading = meter.read();
    this.lastWallMs = System.currentTimeMillis();
    this.lastProcessCpuNanos = os.getProcessCpuTime();
    this.lastNodeCpuSeconds = nodeCpuSeconds();
  }

  /** Closes the window that ends now and sends its facts; {@code last}: no window follows. */
  void closeWindow(boolean last) {
    MeterReading reading = meter.read();
    long wallMs = System.currentTimeMillis();
    long processCpu = os.getProcessCpuTime();
    double nodeCpu = nodeCpuSeconds();
    Map<TaskKey, TaskCpuTracker.TaskWindow> windowTasks = tasks.closeWindow(wallMs);

    double joules = 0;
    for (double j : reading.joulesSince(lastReading).values()) {
      joules += j;
    }
    double processSeconds = (processCpu - lastProcessCpuNanos) / 1e9;
    // Without /proc/stat the process is all we can see of the node.
    double nodeSeconds = procStat == null ? processSeconds : nodeCpu - lastNodeCpuSeconds;
    WindowFacts facts =
        new WindowFacts(
            jvmId,
            driverProcess,
            host,
            lastWallMs,
            wallMs,
            joules,
            nodeSeconds,
            processSeconds,
            windowTasks,
            meter.isEstimated(),
            meter.method(),
            last,
            hardware);
    lastReading = reading;
    lastWallMs = wallMs;
    lastProcessCpuNanos = processCpu;
    lastNodeCpuSeconds = nodeCpu;
    sink.accept(facts);
  }

  private double nodeCpuSeconds() {
    return procStat == null ? 0 : procStat.read().busySeconds();
  }
}
