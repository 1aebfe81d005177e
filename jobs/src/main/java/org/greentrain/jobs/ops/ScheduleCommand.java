package org.greentrain.jobs.ops;

import static org.apache.spark.sql.functions.col;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.energy.CarbonForecast;
import org.greentrain.energy.StartPlanner;
import org.greentrain.energy.StartWindow;
import org.greentrain.error.UserError;
import org.greentrain.jobs.ConfigOptions;
import org.greentrain.jobs.Sessions;
import org.greentrain.store.Warehouse;
import org.greentrain.store.WarehouseFiles;
import org.greentrain.store.WarehouseTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Carbon-aware start: the start time in a daily window that minimises the expected emissions of the
 * next run, from an hourly intensity forecast and the duration and energy of recent complete runs
 * in the runs table. Without any recent run the window start is printed, and says so. The last line
 * is {@code start=<ISO-8601 date-time>}.
 *
 * <p>With {@code --wait} the command also sleeps until that start, so a nightly wrapper can run
 * {@code greentrain schedule --wait ... && spark-submit ... run}. A forecast that cannot be read
 * must not cost a night's model, so under {@code --wait} it is a warning and the run starts at the
 * window start; without {@code --wait} it is an error.
 */
@Command(
    name = "schedule",
    mixinStandardHelpOptions = true,
    description = "Print the start time in a window that minimises the next run's expected CO2e.")
public final class ScheduleCommand implements Callable<Integer> {

  static final Duration STEP = Duration.ofMinutes(15);

  @Spec CommandSpec spec;

  @Option(
      names = "--window",
      required = true,
      paramLabel = "HH:MM-HH:MM",
      description = "Allowed start times in run.time-zone, e.g. 00:00-06:00")
  String window;

  @Option(
      names = "--forecast",
      required = true,
      paramLabel = "CSV",
      description = "Hourly forecast: hour,g_co2e_per_kwh (hour as an ISO-8601 instant)")
  Path forecast;

  @Option(
      names = "--wait",
      description =
          "Sleep until the chosen start; an unreadable forecast then means the window start")
  boolean waitForStart;

  @Option(
      names = "--last",
      defaultValue = "7",
      description = "Recent complete runs to average (default 7)")
  int last;

  @Mixin ConfigOptions config;

  Clock clock = Clock.systemUTC();

  /** How the command waits; a test replaces it to record the wait instead. */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  Sleeper sleeper = d -> Thread.sleep(d.toMillis());

  @Override
  public Integer call() {
    if (last < 1) {
      throw new UserError("Invalid --last: " + last + " (at least 1)");
    }
    GreenTrainConfig cfg = config.load();
    StartWindow startWindow = UserError.fromInput(() -> StartWindow.parse(window));
    StartWindow.Occurrence w =
        startWindow.next(ZonedDateTime.now(clock.withZone(ZoneId.of(cfg.run().timeZone()))));
    PrintWriter out = spec.commandLine().getOut();
    ZonedDateTime start = chooseStart(cfg, w, out);
    Duration wait = Duration.between(clock.instant(), start.toInstant());
    boolean sleeps = waitForStart && wait.compareTo(Duration.ZERO) > 0;
    if (sleeps) {
      out.printf(Locale.ROOT, "waiting %d min until the start%n", wait.toMinutes());
    }
    out.printf("start=%s%n", start.toOffsetDateTime());
    out.flush();
    if (sleeps) {
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for the start at " + start, e);
      }
    }
    return 0;
  }

  private ZonedDateTime chooseStart(
      GreenTrainConfig cfg, StartWindow.Occurrence w, PrintWriter out) {
    CarbonForecast intensities;
    try {
      intensities = UserError.fromInput(() -> CarbonForecast.load(forecast));
    } catch (RuntimeException e) {
      if (!waitForStart) {
        throw e;
      }
      spec.commandLine()
          .getErr()
          .printf("greentrain: warning: %s; starting at the window start%n", e.getMessage());
      return w.open();
    }
    Optional<RecentRuns> found = recentRuns(cfg);
    if (found.isEmpty()) {
      out.printf("no complete runs in the runs table yet: starting at the window start%n");
      return w.open();
    }
    RecentRuns recent = found.get();
    Duration duration = Duration.ofMillis(Math.round(recent.wallSeconds() * 1000));
    // The forecast is the user's file: one that does not cover the window is theirs to fix.
    StartPlanner.Plan plan =
        UserError.fromInput(
            () ->
                StartPlanner.plan(
                    intensities,
                    w.open().toInstant(),
                    w.close().toInstant(),
                    duration,
                    recent.kwh(),
                    STEP));
    OptionalDouble atOpen =
        intensities.meanOver(w.open().toInstant(), w.open().toInstant().plus(duration));
    ZonedDateTime start = plan.start().atZone(w.open().getZone());
    out.printf(
        Locale.ROOT,
        "expected run (mean of the last %d complete runs): %.0f s, %.6f kWh%n"
            + "best start %s: %.1f g/kWh, %.4f g CO2e%s%n",
        recent.count(),
        recent.wallSeconds(),
        recent.kwh(),
        start.toOffsetDateTime(),
        plan.meanGramsPerKwh(),
        plan.expectedCo2eGrams(),
        atOpen.isPresent()
            ? String.format(
                Locale.ROOT, " (at the window start: %.4f g)", recent.kwh() * atOpen.getAsDouble())
            : "");
    return start;
  }

  /** Mean wall seconds and kWh of the last complete runs, and how many there were. */
  private record RecentRuns(double wallSeconds, double kwh, int count) {}

  /** The last complete runs of the runs table; empty if there are none. */
  private Optional<RecentRuns> recentRuns(GreenTrainConfig cfg) {
    SparkSession spark = Sessions.tableReader("greentrain schedule");
    try {
      WarehouseFiles files = new WarehouseFiles(spark.sparkContext().hadoopConfiguration());
      Warehouse warehouse = new Warehouse(files.qualify(cfg.run().warehouse()));
      if (!files.exists(warehouse.table(WarehouseTables.RUNS.name()))) {
        return Optional.empty();
      }
      List<Row> rows =
          spark
              .read()
              .parquet(warehouse.table(WarehouseTables.RUNS.name()).toString())
              .where("status = 'complete'")
              .orderBy(col("started_at").desc())
              .limit(last)
              .selectExpr("CAST(wall_s AS DOUBLE)", "CAST(energy_kwh AS DOUBLE)")
              .collectAsList();
      if (rows.isEmpty()) {
        return Optional.empty();
      }
      double wall = 0;
      double kwh = 0;
      for (Row r : rows) {
        wall += r.getDouble(0);
        kwh += r.getDouble(1);
      }
      return Optional.of(new RecentRuns(wall / rows.size(), kwh / rows.size(), rows.size()));
    } finally {
      spark.stop();
    }
  }
}
