package org.greentrain.energy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.greentrain.energy.CarbonIntensityTable;
import org.greentrain.energy.EnergyRow;
import org.greentrain.energy.FakePowercap;
import org.greentrain.testing.SparkSessionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin in a real local Spark application, metering a fake RAPL tree the test moves by a known
 * amount: every joule the node "measured" must reappear in the rows, split over the labelled tasks
 * (a failed attempt included), and in the tables written at shutdown.
 *
 * <p>Each test builds its own session, not a shared one: the plugin starts with the SparkContext,
 * and each test needs its own plugin settings.
 */
class EnergyPluginTest {

  private static final long MAX_RANGE_UJ = 262_143_328_850L;

  @Test
  @Timeout(120)
  void rowsAddUpToTheMeasuredEnergyAndFailedAttemptsAreAccounted(@TempDir Path dir)
      throws Exception {
    FakePowercap rapl =
        new FakePowercap(dir.resolve("powercap"))
            .zone("intel-rapl:0", "package-0", 1_000_000, MAX_RANGE_UJ)
            .zone("intel-rapl:0:0", "dram", 0, MAX_RANGE_UJ);
    Path output = dir.resolve("energy");
    SparkSession spark =
        SparkSessionExtension.localBuilder("local[2,2]", "energy-plugin-test")
            .config("spark.plugins", EnergyPlugin.class.getName())
            // Set in code, so the unprefixed form; spark-submit needs spark.greentrain.energy.*
            .config("greentrain.energy.output", output.toString())
            .config("greentrain.energy.powercap-root", rapl.root.toString())
            .config("greentrain.energy.sample-interval-ms", "100")
            .config("greentrain.energy.region", "fr")
            .config("greentrain.energy.pue", "1.2")
            .config("greentrain.energy.wue", "0.5")
            .config("greentrain.energy.server-model", "Dell Inc. PowerEdge R640")
            .config("greentrain.energy.run-id", "t1")
            .config("greentrain.energy.run-date", "2026-01-02")
            .getOrCreate();
    List<EnergyRow> rows;
    try {
      EnergyDriverPlugin plugin = EnergyDriverPlugin.active();
      assertThat(plugin).isNotNull();
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      jsc.setLocalProperty("greentrain.stage", "busy");

      rapl.add("intel-rapl:0", 7_000_000).add("intel-rapl:0:0", 1_000_000);
      long sum =
          jsc.parallelize(List.of(1, 2, 3, 4), 4)
              .map(EnergyPluginTest::burnOrFailOnce)
              .reduce(Long::sum);
      assertThat(sum).isPositive();
      long end = System.currentTimeMillis();

      assertThat(plugin.awaitWindowsUntil(end + 200, 10_000)).isTrue();
      rows = plugin.rows();
      assertThat(plugin.method()).isEqualTo("rapl");
      assertThat(plugin.isEstimated()).isFalse();
    } finally {
      spark.stop();
    }

    assertThat(rows.stream().mapToDouble(EnergyRow::joules).sum()).isCloseTo(8.0, within(1e-9));
    assertThat(rows)
        .filteredOn(r -> r.kind().equals("task"))
        .allSatisfy(r -> assertThat(r.stageLabel()).isEqualTo("busy"))
        .extracting(EnergyRow::status)
        .contains("success", "failed");
    assertThat(rows)
        .filteredOn(r -> r.kind().equals("task"))
        .allSatisfy(r -> assertThat(r.jobId()).isGreaterThanOrEqualTo(0));
    double frIntensity = CarbonIntensityTable.loadDefault().forRegion("fr").gramsPerKwh();
    assertThat(rows)
        .allSatisfy(
            r ->
                assertThat(r.co2eGrams())
                    .isCloseTo(r.joules() / 3.6e6 * 1.2 * frIntensity, within(1e-12)));

    // The R640's row: 16.6% of 7730 kg = 1283.18 kg over 4 years of 8760 h.
    double r640GramsPerHour = 1_283_180 / 35_040.0;
    assertThat(rows)
        .allSatisfy(
            r -> {
              assertThat(r.embodiedCo2eGrams())
                  .isCloseTo(r.nodeHours() * r640GramsPerHour, within(1e-12));
              assertThat(r.impact().embodiedDefault()).isFalse();
            });
    // One host: the rows of each stretch share out its length, so all rows are the stretches'.
    double stretchHours =
        rows.stream()
            .map(r -> List.of(r.windowStartMs(), r.windowEndMs()))
            .distinct()
            .mapToDouble(w -> (w.get(1) - w.get(0)) / 3_600_000.0)
            .sum();
    assertThat(rows.stream().mapToDouble(EnergyRow::nodeHours).sum())
        .isCloseTo(stretchHours, within(1e-12));
    // fr has no water row: the world's 15.2676 L/kWh off site, 0.5 L/kWh on site.
    double water = rows.stream().mapToDouble(EnergyRow::waterLitres).sum();
    assertThat(water).isCloseTo(8.0 / 3.6e6 * (0.5 + 1.2 * 15.2676), within(1e-12));

    SparkSession reader =
        SparkSessionExtension.localBuilder("local[1]", "energy-plugin-test-reader").getOrCreate();
    try {
      List<Row> stages =
          reader
              .read()
              .parquet(output.resolve("stage_energy").toString())
              .where("run_id = 't1' AND run_date = '2026-01-02'")
              .select(
                  "stage",
                  "energy_j",
                  "failed_tasks",
                  "wasted_j",
                  "tasks",
                  "embodied_co2e_g",
                  "water_l",
                  "water_source")
              .collectAsList();
      double total = stages.stream().mapToDouble(r -> r.getDouble(1)).sum();
      assertThat(total).isCloseTo(8.0, within(1e-6));
      // The stage rows, (node other) included, add up to the task rows, as energy_j does (the
      // table's rows: time, and so embodied emissions, went on after the snapshot above).
      double taskTableEmbodied =
          reader
              .read()
              .parquet(output.resolve("task_energy").toString())
              .selectExpr("sum(embodied_co2e_g)")
              .first()
              .getDouble(0);
      assertThat(stages.stream().mapToDouble(r -> r.getDouble(5)).sum())
          .isPositive()
          .isCloseTo(taskTableEmbodied, within(1e-12));
      assertThat(stages.stream().mapToDouble(r -> r.getDouble(6)).sum())
          .isCloseTo(water, within(1e-12));
      assertThat(stages.get(0).getString(7)).startsWith("no row for fr; world: Mekonnen");
      Row busy =
          stages.stream().filter(r -> r.getString(0).equals("busy")).findFirst().orElseThrow();
      assertThat(busy.getLong(2)).isEqualTo(1);
      assertThat(busy.getLong(4)).isEqualTo(5);
      long taskRows =
          reader
              .read()
              .parquet(output.resolve("task_energy").toString())
              .where("stage = 'busy' AND kind = 'task'")
              .count();
      assertThat(taskRows).isGreaterThanOrEqualTo(5);
      Row tableSums =
          reader
              .read()
              .parquet(output.resolve("task_energy").toString())
              .selectExpr("sum(embodied_co2e_g)", "sum(node_hours)", "min(hardware)")
              .first();
      assertThat(tableSums.getDouble(0))
          .isCloseTo(tableSums.getDouble(1) * r640GramsPerHour, within(1e-9));
      assertThat(tableSums.getString(2)).startsWith("Dell Inc. PowerEdge R640 / ");
    } finally {
      reader.stop();
    }
  }

  @Test
  @Timeout(60)
  void anExecutorWithoutAUsableMeterStillRunsItsTasks(@TempDir Path dir) {
    SparkSession spark =
        SparkSessionExtension.localBuilder("local[2]", "energy-plugin-test")
            .config("spark.plugins", EnergyPlugin.class.getName())
            .config("greentrain.energy.power-profiles-file", dir.resolve("missing.csv").toString())
            .getOrCreate();
    try {
      long n =
          JavaSparkContext.fromSparkContext(spark.sparkContext())
              .parallelize(List.of(1, 2, 3), 3)
              .count();

      assertThat(n).isEqualTo(3);
      assertThat(EnergyDriverPlugin.active().hasRows()).isFalse();
    } finally {
      spark.stop();
    }
  }

  /**
   * Spark's CSV sink, polling every second, exports the gauges while the application runs; once the
   * busy stage's windows are all attributed, its gauge equals that stage's {@code energy_j} in the
   * table written at shutdown, and the application's the 8 J the fake node measured.
   */
  @Test
  @Timeout(120)
  void liveGaugesReachSparksSinksWhileRunningAndEndAtTheTables(@TempDir Path dir) throws Exception {
    FakePowercap rapl =
        new FakePowercap(dir.resolve("powercap"))
            .zone("intel-rapl:0", "package-0", 1_000_000, MAX_RANGE_UJ);
    Path output = dir.resolve("energy");
    Path csv = java.nio.file.Files.createDirectories(dir.resolve("metrics"));
    SparkSession spark =
        SparkSessionExtension.localBuilder("local[2]", "energy-live-test")
            .config("spark.plugins", EnergyPlugin.class.getName())
            .config("spark.metrics.conf.*.sink.csv.class", "org.apache.spark.metrics.sink.CsvSink")
            .config("spark.metrics.conf.*.sink.csv.period", "1")
            .config("spark.metrics.conf.*.sink.csv.unit", "seconds")
            .config("spark.metrics.conf.*.sink.csv.directory", csv.toString())
            .config("greentrain.energy.output", output.toString())
            .config("greentrain.energy.powercap-root", rapl.root.toString())
            .config("greentrain.energy.sample-interval-ms", "100")
            .config("greentrain.energy.run-id", "live")
            .config("greentrain.energy.run-date", "2026-01-02")
            .getOrCreate();
    double liveBusy;
    double liveBusyCo2e;
    double liveTotal;
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      jsc.setLocalProperty("greentrain.stage", "busy");
      // The node uses 8 J while the stage runs, 1 J every 150 ms, from when both tasks run: on a
      // loaded machine the tasks may start a second or more after the job is submitted.
      BUSY_TASKS_STARTED.set(new CountDownLatch(2));
      Thread meter =
          new Thread(
              () -> {
                awaitBusyTasks();
                for (int i = 0; i < 8; i++) {
                  sleep(150);
                  rapl.add("intel-rapl:0", 1_000_000);
                }
              });
      meter.start();
      jsc.parallelize(List.of(1, 2), 2)
          .map(EnergyPluginTest::signalThenBurnTwoSeconds)
          .reduce(Long::sum);
      meter.join();
      long end = System.currentTimeMillis();
      assertThat(EnergyDriverPlugin.active().awaitWindowsUntil(end + 200, 10_000)).isTrue();
      long covered = System.currentTimeMillis();

      // Two more polls of the sink after every window of the stage was attributed.
      Path busyFile = gaugeFile(csv, "energy.stage.busy.joules");
      Path totalFile = gaugeFile(csv, "energy.joules");
      long deadline = System.currentTimeMillis() + 20_000;
      while (lastPollMs(busyFile) < covered + 1_000 && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      liveBusy = lastValue(busyFile);
      liveBusyCo2e = lastValue(gaugeFile(csv, "energy.stage.busy.co2e_grams"));
      liveTotal = lastValue(totalFile);
      assertThat(gaugeFile(csv, "energy.executor.driver.watts")).isRegularFile();
    } finally {
      spark.stop();
    }

    assertThat(liveTotal).isCloseTo(8.0, within(1e-6));
    SparkSession reader =
        SparkSessionExtension.localBuilder("local[1]", "energy-live-reader").getOrCreate();
    try {
      Row table =
          reader
              .read()
              .parquet(output.resolve("stage_energy").toString())
              .where("run_id = 'live' AND stage = 'busy'")
              .select("energy_j", "co2e_g")
              .first();
      assertThat(liveBusy).isPositive().isCloseTo(table.getDouble(0), within(1e-6));
      assertThat(liveBusyCo2e).isPositive().isCloseTo(table.getDouble(1), within(1e-9));
    } finally {
      reader.stop();
    }
  }

  /** The CSV sink's file of a plugin gauge, once it exists. */
  private static Path gaugeFile(Path csv, String gauge) throws Exception {
    String suffix = ".plugin." + EnergyPlugin.class.getName() + "." + gauge + ".csv";
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      try (var files = java.nio.file.Files.list(csv)) {
        var found = files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst();
        if (found.isPresent()) {
          return found.get();
        }
      }
      Thread.sleep(200);
    }
    try (var files = java.nio.file.Files.list(csv)) {
      throw new AssertionError(
          "no CSV sink file ending in "
              + suffix
              + " among "
              + files.map(Path::getFileName).toList());
    }
  }

  /** The last poll's time (ms) in a CSV sink file: lines are "t,value" with t in seconds. */
  private static long lastPollMs(Path file) throws java.io.IOException {
    List<String> lines = java.nio.file.Files.readAllLines(file);
    String last = lines.get(lines.size() - 1);
    return last.startsWith("t") ? 0 : Long.parseLong(last.split(",")[0]) * 1000;
  }

  private static double lastValue(Path file) throws java.io.IOException {
    List<String> lines = java.nio.file.Files.readAllLines(file);
    return Double.parseDouble(lines.get(lines.size() - 1).split(",")[1]);
  }

  /** Counted down by each task of the busy stage as it starts (local mode: the same JVM). */
  private static final AtomicReference<CountDownLatch> BUSY_TASKS_STARTED =
      new AtomicReference<>(new CountDownLatch(0));

  private static long signalThenBurnTwoSeconds(int seed) {
    BUSY_TASKS_STARTED.get().countDown();
    return burnTwoSeconds(seed);
  }

  private static void awaitBusyTasks() {
    try {
      BUSY_TASKS_STARTED.get().await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long burnTwoSeconds(int seed) {
    double x = seed;
    long until = System.nanoTime() + 2_000_000_000L;
    while (System.nanoTime() < until) {
      x = Math.sqrt(x + 1);
    }
    return (long) x;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long burnOrFailOnce(int seed) {
    TaskContext tc = TaskContext.get();
    double x = seed;
    for (int i = 0; i < 20_000_000; i++) {
      x = Math.sqrt(x + i);
    }
    if (tc.partitionId() == 0 && tc.attemptNumber() == 0) {
      throw new IllegalStateException("injected failure of the first attempt");
    }
    return (long) x;
  }
}
