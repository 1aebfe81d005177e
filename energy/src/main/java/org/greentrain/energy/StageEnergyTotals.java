package org.greentrain.energy;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Energy of one pipeline stage label over a whole application, from its task rows: the tasks' own
 * energy plus the executor overhead of each window, shared out by the stages' CPU time in that
 * window. Node energy outside the executors (idle, other processes) is reported under {@link
 * #NODE_OTHER_LABEL} (the driver attributes each host once), so all totals add up to the nodes'
 * energy.
 *
 * @param failedJoules energy of task attempts that failed or were killed (wasted energy)
 * @param embodiedGrams manufacturing emissions of the node and GPU hours the stage held, shared out
 *     like its energy
 * @param waterLitres water of the stage's energy, shared out like it
 */
public record StageEnergyTotals(
    String stageLabel,
    double taskJoules,
    double overheadJoules,
    double cpuSeconds,
    long tasks,
    long failedTasks,
    double failedJoules,
    long firstMs,
    long lastMs,
    double embodiedGrams,
    double waterLitres) {

  /** Label of the totals that no stage caused: idle power and other processes. */
  public static final String NODE_OTHER_LABEL = "(node other)";

  public double joules() {
    return taskJoules + overheadJoules;
  }

  /** Totals per stage label, plus the node-other entry, from all collected rows. */
  public static Map<String, StageEnergyTotals> byStage(Collection<EnergyRow> rows) {
    // Per window of an executor: each label's task CPU, to share that window's overhead out.
    Map<String, Map<String, Double>> cpuByWindow = new HashMap<>();
    // A failed attempt's earlier windows say "running"; its last one says how it ended.
    Set<Long> failedIds = new HashSet<>();
    for (EnergyRow r : rows) {
      if (EnergyShare.TASK.equals(r.kind())
          && ("failed".equals(r.status()) || "killed".equals(r.status()))) {
        failedIds.add(r.taskId());
      }
      if (EnergyShare.TASK.equals(r.kind())) {
        cpuByWindow
            .computeIfAbsent(window(r), k -> new HashMap<>())
            .merge(r.stageLabel(), r.cpuSeconds(), Double::sum);
      }
    }
    Map<String, Acc> acc = new TreeMap<>();
    for (EnergyRow r : rows) {
      switch (r.kind()) {
        case EnergyShare.TASK ->
            acc.computeIfAbsent(r.stageLabel(), Acc::new)
                .addTask(r, failedIds.contains(r.taskId()));
        case EnergyShare.EXECUTOR_OVERHEAD, EnergyRow.DRIVER -> {
          Map<String, Double> cpu = cpuByWindow.getOrDefault(window(r), Map.of());
          double total = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
          if (total <= 0) {
            acc.computeIfAbsent("", Acc::new).addOverhead(r, 1);
          } else {
            for (Map.Entry<String, Double> e : cpu.entrySet()) {
              acc.computeIfAbsent(e.getKey(), Acc::new).addOverhead(r, e.getValue() / total);
            }
          }
        }
        case EnergyShare.NODE_OTHER ->
            acc.computeIfAbsent(NODE_OTHER_LABEL, Acc::new).addOverhead(r, 1);
        default -> throw new IllegalArgumentException("Invalid energy row kind: " + r.kind());
      }
    }
    Map<String, StageEnergyTotals> out = new LinkedHashMap<>();
    acc.forEach((label, a) -> out.put(label, a.totals()));
    return out;
  }

  private static String window(EnergyRow r) {
    return r.executorId() + "@" + r.windowStartMs();
  }

  private static final class Acc {
    final String label;
    double task;
    double overhead;
    double cpu;
    double failed;
    double embodied;
    double water;
    final Set<Long> tasks = new HashSet<>();
    final Set<Long> failedTasks = new HashSet<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;

    Acc(String label) {
      this.label = label;
    }

    void addTask(EnergyRow r, boolean wasted) {
      task += r.joules();
      embodied += r.embodiedCo2eGrams();
      water += r.waterLitres();
      cpu += r.cpuSeconds();
      tasks.add(r.taskId());
      if (wasted) {
        failedTasks.add(r.taskId());
        failed += r.joules();
      }
      span(r);
    }

    /** Adds {@code fraction} of a row that is not a task's: its energy, embodied and water. */
    void addOverhead(EnergyRow r, double fraction) {
      overhead += r.joules() * fraction;
      embodied += r.embodiedCo2eGrams() * fraction;
      water += r.waterLitres() * fraction;
      span(r);
    }

    void span(EnergyRow r) {
      first = Math.min(first, r.windowStartMs());
      last = Math.max(last, r.windowEndMs());
    }

    StageEnergyTotals totals() {
      return new StageEnergyTotals(
          label,
          task,
          overhead,
          cpu,
          tasks.size(),
          failedTasks.size(),
          failed,
          first,
          last,
          embodied,
          water);
    }
  }
}
