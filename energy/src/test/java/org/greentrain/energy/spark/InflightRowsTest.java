package org.greentrain.energy.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.greentrain.energy.CarbonIntensity;
import org.greentrain.energy.EnergyRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows spooled while an application runs are readable Parquet marked incomplete, survive a driver
 * that never reaches its final write, and are removed once the complete tables are written.
 */
class InflightRowsTest {

  private static final CarbonIntensity CARBON = DriverRows.CARBON;

  private static EnergyRow taskRow(long start) {
    return DriverRows.task("count", start, 20);
  }

  private static List<Group> read(Path dir) throws IOException {
    List<Group> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
        try (ParquetReader<Group> r =
            ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(f.toUri()))
                .withConf(new Configuration())
                .build()) {
          for (Group g = r.read(); g != null; g = r.read()) {
            out.add(g);
          }
        }
      }
    }
    return out;
  }

  @Test
  void spooledRowsOfAnApplicationThatDiedAreReadableAndMarkedIncomplete(@TempDir Path dir)
      throws Exception {
    EnergyTableWriter writer = new EnergyTableWriter(new Configuration(), dir.toString());

    writer.writeInflight("r1", "app-1", 0, List.of(taskRow(0), taskRow(1000)), CARBON.source());
    writer.writeInflight("r1", "app-1", 1, List.of(taskRow(2000)), CARBON.source());

    // The driver is gone (kill -9): what a reader finds is what was spooled.
    Path inflight = dir.resolve("_inflight/run_id=r1/app-1/stage=count");
    try (Stream<Path> files = Files.list(inflight)) {
      // The data files are these two (Hadoop's local file system, used before, added .crc files).
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet")))
          .containsExactlyInAnyOrder("part-00000.parquet", "part-00001.parquet");
    }
    List<Group> rows = read(dir.resolve("_inflight"));
    assertThat(rows).hasSize(3);
    assertThat(rows).allSatisfy(g -> assertThat(g.getBoolean("complete", 0)).isFalse());
    assertThat(rows.stream().mapToDouble(g -> g.getDouble("energy_j", 0)).sum()).isEqualTo(60.0);
  }

  @Test
  void theFinalWriteReplacesTheSpooledRows(@TempDir Path dir) throws Exception {
    EnergyTableWriter writer = new EnergyTableWriter(new Configuration(), dir.toString());
    writer.writeInflight("r1", "app-2", 0, List.of(taskRow(0)), CARBON.source());

    writer.write(
        "2026-11-29",
        "r1",
        "app-2",
        List.of(taskRow(0), taskRow(1000)),
        true,
        CARBON,
        new EnergyTableWriter.Completeness(3, "3 sampling windows missing from 2"));
    writer.clearInflight("r1", "app-2");

    assertThat(dir.resolve("_inflight")).doesNotExist();
    List<Group> tasks = read(dir.resolve("task_energy"));
    assertThat(tasks).hasSize(2);
    assertThat(tasks).allSatisfy(g -> assertThat(g.getBoolean("complete", 0)).isTrue());
    List<Group> stages = read(dir.resolve("stage_energy"));
    assertThat(stages).extracting(g -> g.getInteger("missing_windows", 0)).containsOnly(3);
    assertThat(stages)
        .extracting(g -> g.getString("notes", 0))
        .containsOnly("3 sampling windows missing from 2");
  }

  @Test
  void theRowsOfAnEarlierAttemptThatDiedJoinTheRunMarkedIncomplete(@TempDir Path dir)
      throws Exception {
    EnergyTableWriter writer = new EnergyTableWriter(new Configuration(), dir.toString());
    // The killed attempt spooled two rows, ten minutes before the resumed attempt ends.
    writer.writeInflight("r1", "app-killed", 0, List.of(taskRow(0), taskRow(1000)), "test");
    long now = System.currentTimeMillis();
    ageTree(dir.resolve("_inflight/run_id=r1/app-killed"), now - 600_000);
    // Another run's spool and a live application of this run (spooled just now) stay.
    writer.writeInflight("r2", "app-other-run", 0, List.of(taskRow(0)), "test");
    writer.writeInflight("r1", "app-live", 0, List.of(taskRow(0)), "test");

    writer.write(
        "2026-11-30",
        "r1",
        "app-resumed",
        List.of(taskRow(5000)),
        false,
        CARBON,
        new EnergyTableWriter.Completeness(0, ""));
    List<String> adopted = writer.adoptOrphans("2026-11-30", "r1", "app-resumed", now, 120_000);
    writer.clearInflight("r1", "app-resumed");

    assertThat(adopted).containsExactly("app-killed");
    List<Group> rows = read(dir.resolve("task_energy/run_date=2026-11-30/run_id=r1/stage=count"));
    assertThat(rows)
        .extracting(g -> g.getString("app_id", 0) + " " + g.getBoolean("complete", 0))
        .containsExactlyInAnyOrder("app-resumed true", "app-killed false", "app-killed false");
    assertThat(rows.stream().mapToDouble(g -> g.getDouble("energy_j", 0)).sum()).isEqualTo(60.0);
    assertThat(dir.resolve("_inflight/run_id=r1/app-killed")).doesNotExist();
    assertThat(dir.resolve("_inflight/run_id=r1/app-live")).exists();
    assertThat(dir.resolve("_inflight/run_id=r2/app-other-run")).exists();
  }

  private static EnergyRow row(String label, double joules) {
    return DriverRows.task(label, 0, joules);
  }

  @Test
  void eachApplicationOfARunKeepsItsUnlabelledRowsAndAStageRunAgainReplacesItsOwn(@TempDir Path dir)
      throws Exception {
    EnergyTableWriter writer = new EnergyTableWriter(new Configuration(), dir.toString());
    EnergyTableWriter.Completeness done = new EnergyTableWriter.Completeness(0, "");
    // `greentrain augment`, then `greentrain train` twice: three applications of run r1.
    writer.write(
        "2026-12-06", "r1", "app-a", List.of(row("augment", 10), row("", 1)), false, CARBON, done);
    writer.write(
        "2026-12-06", "r1", "app-t1", List.of(row("train", 20), row("", 2)), false, CARBON, done);
    writer.write(
        "2026-12-06", "r1", "app-t2", List.of(row("train", 30), row("", 4)), false, CARBON, done);

    Path run = dir.resolve("task_energy/run_date=2026-12-06/run_id=r1");
    assertThat(read(run.resolve("stage=unlabelled")))
        .extracting(g -> g.getString("app_id", 0) + " " + g.getDouble("energy_j", 0))
        .containsExactlyInAnyOrder("app-a 1.0", "app-t1 2.0", "app-t2 4.0");
    assertThat(read(run.resolve("stage=augment")))
        .extracting(g -> g.getString("app_id", 0))
        .containsExactly("app-a");
    assertThat(read(run.resolve("stage=train")))
        .extracting(g -> g.getString("app_id", 0) + " " + g.getDouble("energy_j", 0))
        .containsExactly("app-t2 30.0");

    // `greentrain run` starts the run afresh: one copy, its own.
    writer.write(
        "2026-12-06",
        "r1",
        "app-r",
        List.of(row("train", 5), row("", 8)),
        false,
        CARBON,
        done,
        true);
    assertThat(read(run))
        .extracting(g -> g.getString("app_id", 0) + " " + g.getDouble("energy_j", 0))
        .containsExactlyInAnyOrder("app-r 5.0", "app-r 8.0");
  }

  private static void ageTree(Path root, long millis) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.toList()) {
        Files.setLastModifiedTime(p, FileTime.fromMillis(millis));
      }
    }
  }

  @Test
  void aPluginWithoutOutputSaysOnceWhichKeyToSet() {
    EnergyConf none = EnergyConf.from(java.util.Map.of());
    EnergyConf some = EnergyConf.from(java.util.Map.of(EnergyConf.OUTPUT, "/tmp/x"));

    assertThat(EnergyDriverPlugin.noOutputWarning(some)).isEmpty();
    assertThat(EnergyDriverPlugin.noOutputWarning(none))
        .contains(
            "GreenTrain energy plugin writes no tables: spark.greentrain.energy.output is not set"
                + " (set it, or greentrain.energy.output in code, to a directory to keep"
                + " task_energy and stage_energy)");
  }
}
