package org.greentrain.jobs.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.greentrain.jobs.Cli;
import org.greentrain.jobs.GreenTrain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScheduleCommandTest {

  private static final Clock NOON =
      Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);

  /** Runs the command with a fixed clock; returns what it printed, failing on a non-zero exit. */
  private static String schedule(Path warehouse, Path forecast) {
    ScheduleCommand command = new ScheduleCommand();
    command.clock = NOON;
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    int code =
        cli.execute(
            "--window",
            "00:00-06:00",
            "--forecast",
            forecast.toString(),
            "--conf",
            "run.warehouse=" + warehouse);
    assertThat(code).as(out.toString()).isZero();
    return out.toString();
  }

  private static Path forecast(Path dir) throws Exception {
    StringBuilder csv = new StringBuilder("hour,g_co2e_per_kwh\n");
    for (int h = 0; h < 9; h++) {
      csv.append(String.format("2026-11-30T%02d:00:00Z,%d%n", h, h == 3 ? 50 : 400));
    }
    return Files.writeString(dir.resolve("forecast.csv"), csv);
  }

  /** A warehouse whose runs table holds {@code values}, written by DuckDB, not by us. */
  private static Path warehouseWithRuns(Path dir, String values) throws Exception {
    Path warehouse = dir.resolve("warehouse");
    Files.createDirectories(warehouse.resolve("tables"));
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      st.execute(
          "COPY (SELECT * FROM (VALUES "
              + values
              + ")"
              + " AS t(run_id, run_date, status, started_at, wall_s, energy_kwh))"
              + " TO '"
              + warehouse.resolve("tables/runs")
              + "' (FORMAT PARQUET, PARTITION_BY (run_date))");
    }
    return warehouse;
  }

  @Test
  void picksTheCleanestHourForTheMeanOfRecentCompleteRuns(@TempDir Path dir) throws Exception {
    // Two complete runs of 1 h and 0.5 kWh on average; a failed one that must not count.
    Path warehouse =
        warehouseWithRuns(
            dir,
            "('r1', '2026-11-27', 'complete', '2026-11-27T01:00:00Z', 3000.0, 0.4),"
                + " ('r2', '2026-11-28', 'complete', '2026-11-28T01:00:00Z', 4200.0, 0.6),"
                + " ('r3', '2026-11-29', 'failed', '2026-11-29T01:00:00Z', 99999.0, 99.0)");

    String out = schedule(warehouse, forecast(dir));

    assertThat(out)
        .contains("expected run (mean of the last 2 complete runs): 3600 s, 0.500000 kWh")
        .contains(
            "best start 2026-11-30T03:00Z: 50.0 g/kWh, 25.0000 g CO2e"
                + " (at the window start: 200.0000 g)")
        .endsWith("start=2026-11-30T03:00Z\n");
  }

  @Test
  void withoutRecentRunsItFallsBackToTheWindowStart(@TempDir Path dir) throws Exception {
    String out = schedule(dir.resolve("empty-warehouse"), forecast(dir));

    assertThat(out)
        .isEqualTo(
            "no complete runs in the runs table yet: starting at the window start\n"
                + "start=2026-11-30T00:00Z\n");
  }

  @Test
  void waitSleepsUntilTheChosenStart(@TempDir Path dir) throws Exception {
    Path warehouse =
        warehouseWithRuns(
            dir, "('r1', '2026-11-28', 'complete', '2026-11-28T01:00:00Z', 3600.0, 0.5)");
    List<Duration> waits = new ArrayList<>();
    StringWriter out = new StringWriter();

    int code = waiting(waits, out, new StringWriter(), forecast(dir), warehouse);

    assertThat(code).as(out.toString()).isZero();
    // Noon on the 29th to 03:00 on the 30th, the cleanest hour of the forecast.
    assertThat(waits).containsExactly(Duration.ofHours(15));
    assertThat(out.toString())
        .endsWith("waiting 900 min until the start\nstart=2026-11-30T03:00Z\n");
  }

  @Test
  void waitWithAnUnreadableForecastWarnsAndStartsAtTheWindowStart(@TempDir Path dir) {
    Path missing = dir.resolve("nope.csv");
    List<Duration> waits = new ArrayList<>();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = waiting(waits, out, err, missing, dir.resolve("warehouse"));

    assertThat(code).isZero();
    assertThat(err.toString())
        .isEqualTo(
            "greentrain: warning: Cannot read the forecast "
                + missing
                + ": not found; starting at the window start\n");
    assertThat(waits).containsExactly(Duration.ofHours(12));
    assertThat(out.toString()).endsWith("start=2026-11-30T00:00Z\n");
  }

  private static int waiting(
      List<Duration> waits, StringWriter out, StringWriter err, Path forecast, Path warehouse) {
    ScheduleCommand command = new ScheduleCommand();
    command.clock = NOON;
    command.sleeper = waits::add;
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(
        "--wait",
        "--window",
        "00:00-06:00",
        "--forecast",
        forecast.toString(),
        "--conf",
        "run.warehouse=" + warehouse);
  }

  @Test
  void aMissingForecastIsOneLineAndExitCode2(@TempDir Path dir) {
    Path missing = dir.resolve("nope.csv");

    Cli run = Cli.run("schedule", "--window", "00:00-06:00", "--forecast", missing.toString());

    assertThat(run.exitCode()).isEqualTo(GreenTrain.USER_ERROR);
    assertThat(run.err())
        .isEqualTo("greentrain: error: Cannot read the forecast " + missing + ": not found\n");
  }
}
