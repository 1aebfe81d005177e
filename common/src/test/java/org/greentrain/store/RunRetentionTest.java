package org.greentrain.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRetentionTest {

  private static RunInfo run(String id, String startedAt) {
    return new RunInfo(id, startedAt.substring(0, 10), startedAt, 42, "h", "{}", "dev", null);
  }

  @Test
  void keepsTheNewestByStartNotByName() {
    List<RunInfo> runs =
        List.of(
            run("b", "2026-11-27T01:00:00Z"),
            run("a", "2026-11-29T01:00:00Z"),
            run("c", "2026-11-26T01:00:00Z"),
            run("d", "2026-11-28T01:00:00Z"));

    assertThat(RunRetention.toPrune(runs, 2, "a")).containsExactly("b", "c");
  }

  @Test
  void fewerRunsThanKeptPrunesNothing() {
    assertThat(RunRetention.toPrune(List.of(run("a", "2026-11-29T01:00:00Z")), 7, "a")).isEmpty();
  }

  @Test
  void theCurrentRunIsNeverPrunedEvenIfItStartedEarlier() {
    List<RunInfo> runs =
        List.of(run("old-rerun", "2026-11-01T01:00:00Z"), run("new", "2026-11-29T01:00:00Z"));

    assertThat(RunRetention.toPrune(runs, 1, "old-rerun")).isEmpty();
  }

  @Test
  void equalStartsAreOrderedByRunId() {
    List<RunInfo> runs =
        List.of(run("x", "2026-11-29T01:00:00Z"), run("y", "2026-11-29T01:00:00Z"));

    assertThat(RunRetention.toPrune(runs, 1, "z")).containsExactly("x");
  }

  @Test
  void keepingNoRunIsRejected() {
    assertThatThrownBy(() -> RunRetention.toPrune(List.of(), 0, "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid run.keep-runs: 0 (at least 1)");
  }

  @Test
  void pruneDeletesScratchDataOnlyAndKeepsRecordsTablesAndModels(@TempDir Path dir)
      throws Exception {
    WarehouseFiles files = new WarehouseFiles(new Configuration());
    Warehouse warehouse = new Warehouse(new org.apache.hadoop.fs.Path(dir.toUri()));
    Json json = new Json(files);
    for (String[] r :
        new String[][] {
          {"r1", "2026-11-27T01:00:00Z"},
          {"r2", "2026-11-28T01:00:00Z"},
          {"r3", "2026-11-29T01:00:00Z"}
        }) {
      json.write(warehouse.runInfo(r[0]), run(r[0], r[1]));
      Files.createDirectories(dir.resolve("runs/" + r[0] + "/augmented/part=0"));
      Files.createDirectories(dir.resolve("runs/" + r[0] + "/model"));
      Files.writeString(dir.resolve("runs/" + r[0] + "/model/model-fp32.gtm"), "w");
      Files.createDirectories(dir.resolve("runs/" + r[0] + "/stages"));
    }
    Files.createDirectories(dir.resolve("runs/not-a-run/augmented"));
    Files.createDirectories(dir.resolve("tables/runs/run_date=2026-11-27"));
    Files.createDirectories(dir.resolve("models/m/r1"));
    List<String> log = new ArrayList<>();

    List<String> pruned = prune(files, warehouse, 2, "r3", log);

    assertThat(pruned).containsExactly("r1");
    assertThat(log)
        .containsExactly(
            "retention: removed the scratch data of run r1 (keeping the newest 2 runs)");
    assertThat(dir.resolve("runs/r1/augmented")).doesNotExist();
    assertThat(dir.resolve("runs/r1/model")).doesNotExist();
    assertThat(dir.resolve("runs/r1/run.json")).exists();
    assertThat(dir.resolve("runs/r1/stages")).exists();
    assertThat(dir.resolve("runs/r2/augmented")).exists();
    assertThat(dir.resolve("runs/r2/model/model-fp32.gtm")).exists();
    assertThat(dir.resolve("runs/not-a-run/augmented")).exists();
    assertThat(dir.resolve("tables/runs/run_date=2026-11-27")).exists();
    assertThat(dir.resolve("models/m/r1")).exists();
  }

  @Test
  void aRunWhoseLockIsHeldKeepsItsScratchData(@TempDir Path dir) throws Exception {
    WarehouseFiles files = new WarehouseFiles(new Configuration());
    Warehouse warehouse = new Warehouse(new org.apache.hadoop.fs.Path(dir.toUri()));
    Json json = new Json(files);
    json.write(warehouse.runInfo("old"), run("old", "2026-11-27T01:00:00Z"));
    json.write(warehouse.runInfo("new"), run("new", "2026-11-29T01:00:00Z"));
    Files.createDirectories(dir.resolve("runs/old/augmented/part=0"));
    List<String> log = new ArrayList<>();

    // This process holds the old run's lock, as a resumed run of it would.
    try (RunLock lock =
        RunLock.acquire(
            files,
            warehouse.runLock("old"),
            "old",
            RunLock.Owner.current(CLOCK),
            CLOCK,
            Duration.ofMinutes(360),
            log::add)) {
      assertThat(prune(files, warehouse, 1, "new", log)).isEmpty();
    }

    assertThat(log)
        .containsExactly("retention: kept the scratch data of run old: its lock is held");
    assertThat(dir.resolve("runs/old/augmented/part=0")).exists();
    assertThat(prune(files, warehouse, 1, "new", log)).containsExactly("old");
    assertThat(dir.resolve("runs/old/augmented")).doesNotExist();
  }

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-29T02:00:00Z"), ZoneOffset.UTC);

  private static List<String> prune(
      WarehouseFiles files, Warehouse warehouse, int keep, String current, List<String> log) {
    return RunRetention.prune(
        files, warehouse, keep, current, CLOCK, Duration.ofMinutes(360), log::add);
  }
}
