package org.greentrain.jobs.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each stage's energy went, from the run's {@code task_energy} rows: the rows are shares of
 * sampling windows, and each window's share is prorated into a stage by how much of the window the
 * stage's interval covers — as the pipeline computes a stage's {@code energy_j} and {@code
 * node_energy_j}, so the first three parts add up to about the former and all four to about the
 * latter.
 */
final class EnergySplit {

  /** The four places a joule can have gone. */
  enum Part {
    /** Task attempts that did not fail or get killed. */
    TASKS,
    /** Every row of a task attempt that failed or was killed: wasted energy. */
    WASTED,
    /** Executor JVMs' other threads (GC, shuffle) and a driver running apart. */
    OVERHEAD,
    /** The rest of the node: idle power and other processes; not in a stage's energy_j. */
    NODE_OTHER
  }

  /** A stage's interval on the driver's clock, epoch ms. */
  record Interval(String stage, long startMs, long endMs) {}

  /** The joules of one part in one window (rows of the same window and part summed). */
  record Window(long startMs, long endMs, Part part, double joules) {}

  /** One stage's energy by part, in J. */
  record Share(String stage, double tasksJ, double wastedJ, double overheadJ, double nodeOtherJ) {

    /** The application's processes: what stage_energy.energy_j counts. */
    double applicationJ() {
      return tasksJ + wastedJ + overheadJ;
    }

    /** The whole nodes: what stage_energy.node_energy_j counts. */
    double nodeJ() {
      return applicationJ() + nodeOtherJ;
    }
  }

  private EnergySplit() {}

  /** One share per interval, in the intervals' order. */
  static List<Share> split(List<Interval> stages, List<Window> windows) {
    List<Share> shares = new ArrayList<>();
    for (Interval s : stages) {
      double[] parts = new double[Part.values().length];
      for (Window w : windows) {
        long length = w.endMs() - w.startMs();
        long overlap = Math.min(s.endMs(), w.endMs()) - Math.max(s.startMs(), w.startMs());
        if (length > 0 && overlap > 0) {
          parts[w.part().ordinal()] += w.joules() * overlap / length;
        }
      }
      shares.add(
          new Share(
              s.stage(),
              parts[Part.TASKS.ordinal()],
              parts[Part.WASTED.ordinal()],
              parts[Part.OVERHEAD.ordinal()],
              parts[Part.NODE_OTHER.ordinal()]));
    }
    return shares;
  }
}
