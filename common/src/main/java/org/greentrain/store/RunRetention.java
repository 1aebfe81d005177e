package org.greentrain.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.fs.Path;

/**
 * Removes the scratch data (augmented shards, trained and compressed models, checkpoints) of all
 * but the newest runs, by {@code run.json} {@code startedAt}. Tables, run records, stage reports
 * and published models are kept, so history and the registry stay whole. A run that holds a live
 * {@link RunLock} is never pruned: another process is working on it.
 */
public final class RunRetention {

  private RunRetention() {}

  /**
   * The runs whose scratch data goes: all but the {@code keep} newest by start, never {@code
   * current}. Equal starts are ordered by run id so the choice is the same on every call.
   */
  public static List<String> toPrune(List<RunInfo> runs, int keep, String current) {
    if (keep < 1) {
      throw new IllegalArgumentException("Invalid run.keep-runs: " + keep + " (at least 1)");
    }
    List<RunInfo> newestFirst = new ArrayList<>(runs);
    newestFirst.sort(
        Comparator.comparing((RunInfo r) -> Instant.parse(r.startedAt()))
            .thenComparing(RunInfo::runId)
            .reversed());
    List<String> prune = new ArrayList<>();
    for (int i = keep; i < newestFirst.size(); i++) {
      String id = newestFirst.get(i).runId();
      if (!id.equals(current)) {
        prune.add(id);
      }
    }
    return prune;
  }

  /**
   * Deletes the scratch data of the runs {@link #toPrune} picks among those under {@code runs/}
   * with a {@code run.json}; other directories there are not ours to judge and stay, and so do runs
   * whose lock is held ({@link RunLock#isHeld} with {@code clock} and {@code lockTimeout}).
   *
   * @param log receives one line per run pruned or spared for its lock
   * @return the run ids whose scratch data was deleted
   */
  public static List<String> prune(
      WarehouseFiles files,
      Warehouse warehouse,
      int keep,
      String current,
      Clock clock,
      Duration lockTimeout,
      Consumer<String> log) {
    Json json = new Json(files);
    List<RunInfo> runs = new ArrayList<>();
    for (Path dir : files.listDirectories(new Path(warehouse.root(), "runs"))) {
      Path info = warehouse.runInfo(dir.getName());
      if (files.exists(info)) {
        runs.add(json.read(info, RunInfo.class));
      }
    }
    List<String> pruned = new ArrayList<>();
    for (String runId : toPrune(runs, keep, current)) {
      if (RunLock.isHeld(files, warehouse.runLock(runId), clock, lockTimeout)) {
        log.accept("retention: kept the scratch data of run " + runId + ": its lock is held");
        continue;
      }
      pruned.add(runId);
      files.deleteRecursively(warehouse.augmented(runId));
      files.deleteRecursively(warehouse.fp32Model(runId).getParent());
      files.deleteRecursively(warehouse.checkpoints(runId));
      log.accept(
          "retention: removed the scratch data of run "
              + runId
              + " (keeping the newest "
              + keep
              + " runs)");
    }
    return pruned;
  }
}
