package org.greentrain.energy.spark;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.greentrain.energy.CarbonIntensity;
import org.greentrain.energy.CarbonIntensityTable;
import org.greentrain.energy.EnergyRow;
import org.greentrain.energy.EnergyShare;
import org.greentrain.energy.NodeEnergy;
import org.greentrain.energy.NodeMeter;
import org.greentrain.energy.TaskCpuTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.JavaConverters;

/**
 * Driver side of {@link EnergyPlugin}: collects the executors' rows, adds job ids and carbon,
 * measures the driver process itself when it runs apart from the executors, and writes the tables
 * when the application stops. {@link #active()} lets code in the driver JVM (our pipeline) read the
 * energy of an interval while the application runs.
 */
public final class EnergyDriverPlugin implements DriverPlugin {

  private static final Logger LOG = LoggerFactory.getLogger(EnergyDriverPlugin.class);
  private static volatile EnergyDriverPlugin active;

  private final ConcurrentLinkedQueue<EnergyRow> rows = new ConcurrentLinkedQueue<>();
  private final Map<Integer, Integer> jobByStage = new ConcurrentHashMap<>();
  private final Map<String, Long> lastWindowEnd = new ConcurrentHashMap<>();
  private EnergyConf conf;
  private CarbonIntensity carbon;
  private SparkContext sc;
  private ScheduledExecutorService driverSampling;
  private NodeMeter driverMeter;
  private NodeSampler driverSampler;
  private volatile String method = "";
  private volatile String runIdOverride = "";
  private volatile String runDateOverride = "";
  private volatile boolean estimated;

  /** The plugin of the application running in this JVM, or null. */
  public static EnergyDriverPlugin active() {
    return active;
  }

  @Override
  public Map<String, String> init(SparkContext sc, PluginContext ctx) {
    this.sc = sc;
    this.conf = EnergyConf.from(sc.getConf());
    CarbonIntensityTable table =
        conf.carbonIntensityFile().isBlank()
            ? CarbonIntensityTable.loadDefault()
            : CarbonIntensityTable.load(Path.of(conf.carbonIntensityFile()));
    this.carbon = table.forRegion(conf.region());
    sc.addSparkListener(
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart job) {
            for (Object stage : JavaConverters.seqAsJavaList(job.stageIds())) {
              jobByStage.putIfAbsent((Integer) stage, job.jobId());
            }
          }
        });
    if (!sc.isLocal()) {
      startDriverSampling(ctx);
    }
    active = this;
    return Map.of();
  }

  // In local mode the executor plugin runs in this JVM and already sees the driver's threads.
  private void startDriverSampling(PluginContext ctx) {
    driverMeter = Meters.forNode(conf, LOG::warn);
    TaskCpuTracker none = new TaskCpuTracker(id -> -1);
    driverSampler =
        new NodeSampler(
            "driver",
            ctx.hostname(),
            driverMeter,
            none,
            Path.of(conf.procStat()),
            list -> list.forEach(r -> add(asDriverRow(r))));
    driverSampling =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "greentrain-energy-driver-sampler");
              t.setDaemon(true);
              return t;
            });
    driverSampling.scheduleAtFixedRate(
        () -> {
          try {
            driverSampler.closeWindow();
          } catch (RuntimeException e) {
            LOG.warn("GreenTrain energy sample of the driver failed", e);
          }
        },
        conf.sampleIntervalMs(),
        conf.sampleIntervalMs(),
        TimeUnit.MILLISECONDS);
  }

  /** The driver's overhead share is the driver process; node_other stays node_other. */
  private static EnergyRow asDriverRow(EnergyRow r) {
    if (!EnergyShare.EXECUTOR_OVERHEAD.equals(r.kind())) {
      return r;
    }
    return new EnergyRow(
        r.executorId(),
        r.host(),
        r.windowStartMs(),
        r.windowEndMs(),
        EnergyRow.DRIVER,
        r.stageLabel(),
        r.stageId(),
        r.stageAttempt(),
        r.taskId(),
        r.partition(),
        r.attempt(),
        r.status(),
        r.cpuSeconds(),
        r.joules(),
        r.estimated(),
        r.method(),
        r.jobId(),
        r.co2eGrams(),
        r.region(),
        r.intensityGramsPerKwh(),
        r.pue());
  }

  @Override
  public Object receive(Object message) {
    if (message instanceof EnergyReport report) {
      report.rows().forEach(this::add);
      lastWindowEnd.merge(report.executorId(), report.windowEndMs(), Math::max);
    }
    return null;
  }

  private void add(EnergyRow executorRow) {
    int job = executorRow.stageId() < 0 ? -1 : jobByStage.getOrDefault(executorRow.stageId(), -1);
    rows.add(executorRow.onDriver(job, carbon, conf.pue()));
    method = executorRow.method();
    estimated |= executorRow.estimated();
  }

  /** A snapshot of the rows collected so far. */
  public List<EnergyRow> rows() {
    return Collections.unmodifiableList(new ArrayList<>(rows));
  }

  /**
   * Waits until every executor that has reported has also sent a window ending at or after {@code
   * epochMs}, or the timeout passes; returns whether they all did.
   */
  public boolean awaitWindowsUntil(long epochMs, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (System.nanoTime() < deadline) {
      if (lastWindowEnd.values().stream().allMatch(end -> end >= epochMs)) {
        return true;
      }
      Thread.sleep(Math.min(50, conf.sampleIntervalMs() / 4));
    }
    return false;
  }

  /**
   * Files this application's rows under a run other than the configured one, for applications that
   * learn their run id and date only after Spark started.
   */
  public void fileUnder(String runId, String runDate) {
    this.runIdOverride = runId;
    this.runDateOverride = runDate;
  }

  /** Energy of the application's processes between two instants (no idle, no other processes). */
  public double applicationJoulesBetween(long fromMs, long toMs) {
    return NodeEnergy.applicationJoulesBetween(rows, fromMs, toMs);
  }

  /**
   * The instant up to which every reporting executor's windows have arrived (epoch ms), or 0 before
   * any has reported.
   */
  public long coveredUntilMs() {
    return lastWindowEnd.values().stream().mapToLong(Long::longValue).min().orElse(0);
  }

  /** Whether any executor has reported a window yet. */
  public boolean hasRows() {
    return !rows.isEmpty();
  }

  /** Energy of all nodes between two instants, each node counted once. */
  public double joulesBetween(long fromMs, long toMs) {
    return NodeEnergy.joulesBetween(rows, fromMs, toMs);
  }

  /** The meter method of the latest row ("rapl", "cpu-time-model", ...), empty before any. */
  public String method() {
    return method;
  }

  public boolean isEstimated() {
    return estimated;
  }

  public CarbonIntensity carbon() {
    return carbon;
  }

  public double pue() {
    return conf.pue();
  }

  public long sampleIntervalMs() {
    return conf.sampleIntervalMs();
  }

  @Override
  public void shutdown() {
    if (driverSampling != null) {
      driverSampling.shutdownNow();
    }
    try {
      if (!conf.output().isBlank()) {
        // Plugins start before Spark assigns the application id, so read it only now.
        String appId = sc.applicationId();
        String runId =
            !runIdOverride.isBlank()
                ? runIdOverride
                : conf.runId().isBlank() ? appId : conf.runId();
        String runDate =
            !runDateOverride.isBlank()
                ? runDateOverride
                : conf.runDate().isBlank()
                    ? LocalDate.now(ZoneOffset.UTC).toString()
                    : conf.runDate();
        new EnergyTableWriter(sc.hadoopConfiguration(), conf.output())
            .write(runDate, runId, appId, rows(), conf.writeStageTable(), carbon);
      }
    } catch (RuntimeException e) {
      LOG.error("GreenTrain could not write the energy tables to {}", conf.output(), e);
    } finally {
      if (active == this) {
        active = null;
      }
    }
  }
}
