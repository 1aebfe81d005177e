package org.greentrain.energy.spark;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.greentrain.energy.EnergyRow;
import org.greentrain.energy.EnergyShare;
import org.greentrain.energy.MeterReading;
import org.greentrain.energy.NodeMeter;
import org.greentrain.energy.ProcStat;
import org.greentrain.energy.TaskCpuTracker;
import org.greentrain.energy.TaskKey;
import org.greentrain.energy.WindowAttribution;

/**
 * Closes one sampling window at a time: reads the node meter and the CPU clocks, splits the
 * window's energy over the tasks that ran in it, and hands the rows on. Called from one sampler
 * thread (and once more at shutdown); not thread-safe itself.
 */
final class NodeSampler {

  private final String executorId;
  private final String host;
  private final NodeMeter meter;
  private final TaskCpuTracker tasks;
  private final ProcStat procStat;
  private final Consumer<List<EnergyRow>> sink;
  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private MeterReading lastReading;
  private long lastWallMs;
  private long lastProcessCpuNanos;
  private double lastNodeCpuSeconds;

  NodeSampler(
      String executorId,
      String host,
      NodeMeter meter,
      TaskCpuTracker tasks,
      Path procStat,
      Consumer<List<EnergyRow>> sink) {
    this.executorId = executorId;
    this.host = host;
    this.meter = meter;
    this.tasks = tasks;
    this.procStat = Files.isReadable(procStat) ? new ProcStat(procStat, ProcStat.USER_HZ) : null;
    this.sink = sink;
    this.lastReading = meter.read();
    this.lastWallMs = System.currentTimeMillis();
    this.lastProcessCpuNanos = os.getProcessCpuTime();
    this.lastNodeCpuSeconds = nodeCpuSeconds();
  }

  /** Closes the window that ends now and sends its rows. */
  void closeWindow() {
    MeterReading reading = meter.read();
    long wallMs = System.currentTimeMillis();
    long processCpu = os.getProcessCpuTime();
    double nodeCpu = nodeCpuSeconds();
    Map<TaskKey, TaskCpuTracker.TaskWindow> windowTasks = tasks.closeWindow();

    double joules = 0;
    for (double j : reading.joulesSince(lastReading).values()) {
      joules += j;
    }
    Map<TaskKey, Double> taskCpu = new LinkedHashMap<>();
    windowTasks.forEach((k, w) -> taskCpu.put(k, w.cpuSeconds()));
    double processSeconds = (processCpu - lastProcessCpuNanos) / 1e9;
    // Without /proc/stat the process is all we can see of the node.
    double nodeSeconds = procStat == null ? processSeconds : nodeCpu - lastNodeCpuSeconds;
    List<EnergyShare> shares =
        WindowAttribution.split(joules, taskCpu, processSeconds, nodeSeconds);

    List<EnergyRow> rows = new ArrayList<>(shares.size());
    for (EnergyShare s : shares) {
      String status = s.task() == null ? "" : windowTasks.get(s.task()).status();
      rows.add(
          EnergyRow.onExecutor(
              executorId,
              host,
              lastWallMs,
              wallMs,
              s,
              status,
              meter.isEstimated(),
              meter.method()));
    }
    lastReading = reading;
    lastWallMs = wallMs;
    lastProcessCpuNanos = processCpu;
    lastNodeCpuSeconds = nodeCpu;
    sink.accept(rows);
  }

  private double nodeCpuSeconds() {
    return procStat == null ? 0 : procStat.read().busySeconds();
  }
}
