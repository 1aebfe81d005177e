package org.greentrain.energy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One host's windows from every JVM of the application there, attributed so that the host's energy
 * counts once. The JVMs' windows are not aligned; the host's time is cut where any window starts or
 * ends, and each piece takes its energy and host CPU from one JVM's meter reading (the JVM seen
 * first on the host that covers it), prorated by time, and each JVM's task and process CPU from its
 * own windows over that piece, prorated by time. Consecutive pieces read from the same window are
 * one stretch, split by {@link WindowAttribution#splitHost}. A task's GPU hours in a stretch are
 * its windows' prorated the same way, so its rows add up to the time it ran × its GPUs.
 *
 * <p>Time is attributed in order, up to a watermark the caller chooses; a window that arrives
 * entirely before it is late: its CPU is not attributed (its energy, read by another JVM, stays in
 * node_other) and it is counted in {@link #lateWindows()}. Not thread-safe: callers serialize.
 */
public final class HostLedger {

  private static final double MS_PER_HOUR = 3_600_000.0;

  private final HostIdentity host;
  private final List<WindowFacts> pending = new ArrayList<>();
  private final Map<String, Integer> rank = new HashMap<>();
  private boolean started;
  private long coveredUntilMs;
  private int lateWindows;

  public HostLedger(HostIdentity host) {
    this.host = host;
  }

  public HostIdentity host() {
    return host;
  }

  /** Takes one JVM's window; a window wholly before the attributed time is counted late. */
  public void add(WindowFacts facts) {
    if (!facts.host().id().equals(host.id())) {
      throw new IllegalArgumentException(
          "Cannot add a window of host " + facts.host().id() + " to host " + host.id());
    }
    rank.putIfAbsent(facts.jvmId(), rank.size());
    if (started && facts.endMs() <= coveredUntilMs) {
      lateWindows++;
      return;
    }
    pending.add(facts);
  }

  /** Epoch ms up to which this host's time is attributed; 0 before any. */
  public long coveredUntilMs() {
    return started ? coveredUntilMs : 0;
  }

  /** The latest end of any window received and not yet attributed, or the covered time. */
  public long latestEndMs() {
    long end = coveredUntilMs();
    for (WindowFacts f : pending) {
      end = Math.max(end, f.endMs());
    }
    return end;
  }

  public int lateWindows() {
    return lateWindows;
  }

  /** Attributes the host's time up to {@code untilMs} and returns its rows, in time order. */
  public List<EnergyRow> attributeUntil(long untilMs) {
    if (pending.isEmpty()) {
      return List.of();
    }
    long from =
        started ? coveredUntilMs : pending.stream().mapToLong(WindowFacts::startMs).min().orElse(0);
    if (untilMs <= from) {
      return List.of();
    }
    TreeSet<Long> cuts = new TreeSet<>(List.of(from, untilMs));
    for (WindowFacts f : pending) {
      for (long t : new long[] {f.startMs(), f.endMs()}) {
        if (t > from && t < untilMs) {
          cuts.add(t);
        }
      }
    }
    List<EnergyRow> rows = new ArrayList<>();
    WindowFacts source = null;
    long stretchStart = from;
    long a = from;
    for (long b : cuts.tailSet(from, false)) {
      WindowFacts s = meterSource(a, b);
      if (s != source) {
        if (source != null) {
          rows.addAll(stretch(stretchStart, a, source));
        }
        source = s;
        stretchStart = a;
      }
      a = b;
    }
    if (source != null) {
      rows.addAll(stretch(stretchStart, untilMs, source));
    }
    started = true;
    coveredUntilMs = untilMs;
    pending.removeIf(f -> f.endMs() <= untilMs);
    return rows;
  }

  /** The window whose meter reading stands for [a, b]: of the JVM seen first, or null (a gap). */
  private WindowFacts meterSource(long a, long b) {
    WindowFacts best = null;
    for (WindowFacts f : pending) {
      if (f.startMs() <= a && f.endMs() >= b && f.endMs() > f.startMs()) {
        if (best == null || rank.get(f.jvmId()) < rank.get(best.jvmId())) {
          best = f;
        }
      }
    }
    return best;
  }

  private List<EnergyRow> stretch(long a, long b, WindowFacts meter) {
    double meterShare = meter.fractionIn(a, b);
    Map<String, JvmStretch> jvms = new LinkedHashMap<>();
    for (WindowFacts f : pending) {
      double share = f.fractionIn(a, b);
      if (share > 0) {
        jvms.computeIfAbsent(f.jvmId(), id -> new JvmStretch(id, f.driverProcess()))
            .add(f, share, f.endMs() > a && f.endMs() <= b);
      }
    }
    List<WindowAttribution.JvmCpu> cpu = new ArrayList<>();
    Map<String, JvmStretch> byId = new HashMap<>();
    for (JvmStretch j : jvms.values()) {
      cpu.add(j.cpu());
      byId.put(j.id, j);
    }
    double hostCpu = meter.hostCpuSeconds() * meterShare;
    List<WindowAttribution.JvmShare> energy =
        WindowAttribution.splitHost(meter.joules() * meterShare, hostCpu, meter.jvmId(), cpu);
    // The node's time is shared by the same rule as its energy (embodied emissions follow it):
    // the same inputs give the shares in the same order.
    List<WindowAttribution.JvmShare> hours =
        WindowAttribution.splitHost((b - a) / MS_PER_HOUR, hostCpu, meter.jvmId(), cpu);
    List<EnergyRow> rows = new ArrayList<>();
    for (int i = 0; i < energy.size(); i++) {
      WindowAttribution.JvmShare s = energy.get(i);
      TaskKey task = s.share().task();
      JvmStretch jvm = byId.get(s.jvmId());
      String st = task == null ? "" : jvm.status.get(task);
      rows.add(
          EnergyRow.onExecutor(
              s.jvmId(),
              host.name(),
              a,
              b,
              s.share(),
              st,
              meter.estimated(),
              meter.method(),
              hours.get(i).share().joules(),
              meter.hardware(),
              task == null ? TaskGpus.NONE : jvm.gpus(task)));
    }
    return rows;
  }

  /** One JVM's CPU over a stretch, from the parts of its windows that fall in it. */
  private static final class JvmStretch {
    final String id;
    final boolean driverProcess;
    double processCpu;
    final Map<TaskKey, Double> tasks = new LinkedHashMap<>();
    final Map<TaskKey, String> status = new HashMap<>();
    final Map<TaskKey, Double> gpuHours = new HashMap<>();
    final Map<TaskKey, List<String>> gpuNames = new HashMap<>();

    JvmStretch(String id, boolean driverProcess) {
      this.id = id;
      this.driverProcess = driverProcess;
    }

    void add(WindowFacts f, double share, boolean endsHere) {
      processCpu += f.processCpuSeconds() * share;
      f.tasks()
          .forEach(
              (task, w) -> {
                tasks.merge(task, w.cpuSeconds() * share, Double::sum);
                // Prorated as its CPU is: a window's GPU hours add up to the task's over it.
                gpuHours.merge(task, w.gpuHours() * share, Double::sum);
                gpuNames.putIfAbsent(task, w.gpus());
                // A task's end is known in the stretch that holds its window's end; else running.
                String s = endsHere ? w.status() : "running";
                status.merge(task, s, (old, now) -> "running".equals(old) ? now : old);
              });
    }

    TaskGpus gpus(TaskKey task) {
      List<String> names = gpuNames.getOrDefault(task, List.of());
      return names.isEmpty() ? TaskGpus.NONE : new TaskGpus(names, gpuHours.get(task));
    }

    WindowAttribution.JvmCpu cpu() {
      return new WindowAttribution.JvmCpu(id, driverProcess, processCpu, tasks);
    }
  }
}
