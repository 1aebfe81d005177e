package org.greentrain.energy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
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

    SparkSession reader =
        SparkSessionExtension.localBuilder("local[1]", "energy-plugin-test-reader").getOrCreate();
    try {
      List<Row> stages =
          reader
              .read()
              .parquet(output.resolve("stage_energy").toString())
              .where("run_id = 't1' AND run_date = '2026-01-02'")
              .select("stage", "energy_j", "failed_tasks", "wasted_j", "tasks")
              .collectAsList();
      double total = stages.stream().mapToDouble(r -> r.getDouble(1)).sum();
      assertThat(total).isCloseTo(8.0, within(1e-6));
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
