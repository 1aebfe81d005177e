package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.sql.SparkSession;
import org.example.wordcount.WordCount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accounting invariant on several JVMs of one host: a plain word count on {@code
 * local-cluster[2,1,1024]} (this JVM as the client-mode driver, two executor JVMs) with the energy
 * plugin and a fake powercap tree whose counter rises at exactly {@value #WATTS} W. Every JVM reads
 * the same counter, as on a real node; the rows of the application must add up to that counter's
 * energy over the time they cover, once, not once per JVM.
 */
class EnergyInvariantIT {

  private static final double WATTS = 50;
  private static final String ZONE = "intel-rapl:0";

  @Test
  @Timeout(300)
  void theRowsOfAnApplicationAddUpToWhatItsHostMeasuredOnce(@TempDir Path dir) throws Exception {
    Path sparkHome = Path.of(System.getenv("SPARK_HOME"));
    Files.createDirectories(sparkHome.resolve("jars"));
    Path powercap = dir.resolve("powercap");
    Path output = dir.resolve("energy");
    Path input = Files.writeString(dir.resolve("words.txt"), "to be or not to be\n".repeat(50_000));
    FiftyWattCounter counter = new FiftyWattCounter(powercap.resolve(ZONE));
    Thread advancing = new Thread(counter, "fake-rapl-50w");
    advancing.setDaemon(true);
    advancing.start();
    SparkSession spark =
        SparkSession.builder()
            .master("local-cluster[2,1,1024]")
            .appName("energy-invariant-it")
            .config("spark.ui.enabled", "false")
            .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
            .config("spark.executor.extraJavaOptions", System.getProperty("greentrain.test.opens"))
            .config("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1")
            .config("spark.plugins", "org.greentrain.energy.spark.EnergyPlugin")
            .config("spark.greentrain.energy.output", output.toString())
            .config("spark.greentrain.energy.powercap-root", powercap.toString())
            .config("spark.greentrain.energy.sample-interval-ms", "500")
            .getOrCreate();
    String appId = spark.sparkContext().applicationId();
    AtomicLong applicationEnd = new AtomicLong();
    spark
        .sparkContext()
        .addSparkListener(
            new SparkListener() {
              @Override
              public void onApplicationEnd(SparkListenerApplicationEnd end) {
                applicationEnd.set(end.time());
              }
            });
    try {
      // The word count knows nothing of GreenTrain; it picks up this session and stops it.
      WordCount.main(new String[] {input.toString()});
    } finally {
      counter.stop();
      spark.stop();
    }

    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet rows =
          st.executeQuery(
              "SELECT sum(energy_j), min(window_start_ms), max(window_end_ms),"
                  + " count(DISTINCT executor_id), count(DISTINCT host),"
                  + " sum(energy_j) FILTER (WHERE kind = 'task')"
                  + " FROM read_parquet('"
                  + output
                  + "/task_energy/**/*.parquet', hive_partitioning = true)");
      rows.next();
      double rowsJ = rows.getDouble(1);
      double meterJ = WATTS * (rows.getLong(3) - rows.getLong(2)) / 1000.0;
      System.out.printf(
          "EnergyInvariantIT: meter %.1f J over %d ms, rows %.1f J (%.2f%%), tasks %.1f J,"
              + " %d JVMs, %d host(s)%n",
          meterJ,
          rows.getLong(3) - rows.getLong(2),
          rowsJ,
          100 * (rowsJ - meterJ) / meterJ,
          rows.getDouble(6),
          rows.getLong(4),
          rows.getLong(5));
      assertThat(rows.getLong(4)).as("driver and two executors report").isEqualTo(3);
      assertThat(rows.getLong(5)).as("one host, one name").isEqualTo(1);
      assertThat(rows.getDouble(6)).as("tasks' share").isPositive();
      assertThat(rowsJ)
          .as("task_energy rows vs the meter")
          .isCloseTo(meterJ, within(0.01 * meterJ));

      ResultSet stages =
          st.executeQuery(
              "SELECT sum(energy_j), max(missing_windows), bool_and(complete) FROM read_parquet('"
                  + output
                  + "/stage_energy/**/*.parquet', hive_partitioning = true)");
      stages.next();
      assertThat(stages.getDouble(1))
          .as("stage_energy rows vs the meter")
          .isCloseTo(meterJ, within(0.01 * meterJ));
      assertThat(stages.getInt(2)).as("missing windows").isZero();
      assertThat(stages.getBoolean(3)).as("complete").isTrue();
    }
    assertThat(output.resolve("_inflight")).doesNotExist();
  }

  /**
   * Writes {@code energy_uj} = {@value #WATTS} W × wall time since start, every 10 ms, atomically
   * (readers never see a half-written file), until stopped or 280 s passed.
   */
  private static final class FiftyWattCounter implements Runnable {
    private final Path zone;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean stopped = new AtomicBoolean();

    FiftyWattCounter(Path zone) {
      this.zone = zone;
      write("name", "package-0");
      write("max_energy_range_uj", Long.toString(Long.MAX_VALUE / 2));
      write("energy_uj", "0");
    }

    void stop() {
      stopped.set(true);
    }

    @Override
    public void run() {
      long deadline = startNanos + 280_000_000_000L;
      while (!stopped.get() && System.nanoTime() < deadline) {
        long microjoules = (long) (WATTS * (System.nanoTime() - startNanos) / 1000.0);
        write("energy_uj", Long.toString(microjoules));
        try {
          // Pacing the fake hardware, not waiting for a result.
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private void write(String name, String value) {
      try {
        Files.createDirectories(zone);
        Path tmp = zone.resolve(name + ".tmp");
        Files.writeString(tmp, value + "\n");
        Files.move(tmp, zone.resolve(name), StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
