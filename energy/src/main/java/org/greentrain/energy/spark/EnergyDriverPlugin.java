package org.greentrain.energy.spark;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.greentrain.energy.CarbonIntensity;
import org.greentrain.energy.CarbonIntensityTable;
import org.greentrain.energy.EmbodiedEmissionsTable;
import org.greentrain.energy.EnergyLedger;
import org.greentrain.energy.EnergyRow;
import org.greentrain.energy.GpuEmbodied;
import org.greentrain.energy.HostIdentity;
import org.greentrain.energy.ImpactFactors;
import org.greentrain.energy.NodeEnergy;
import org.greentrain.energy.NodeMeter;
import org.greentrain.energy.RowSpool;
import org.greentrain.energy.TaskCpuTracker;
import org.greentrain.energy.WaterIntensity;
import org.greentrain.energy.WaterIntensityTable;
import org.greentrain.energy.WindowFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.JavaConverters;

/**
 * Driver side of {@link EnergyPlugin}: receives every JVM's window facts (the executors' through
 * the plugin RPC, its own from a sampler thread when it runs apart from the executors), attributes
 * each host's energy once through an {@link EnergyLedger}, adds job ids and carbon, and writes the
 * tables when the application stops, after closing its own last window up to the end. {@link
 * #active()} lets code in the driver JVM (our pipeline) read the energy of an interval while the
 * application runs.
 */
public final class EnergyDriverPlugin implements DriverPlugin {

  private static final Logger LOG = LoggerFactory.getLogger(EnergyDriverPlugin.class);
  private static volatile EnergyDriverPlugin active;

  /** How often rows reach {@code <output>/_inflight/<app-id>/} while the application runs. */
  static final long SPOOL_PERIOD_MS = 60_000;

  private final ConcurrentLinkedQueue<EnergyRow> rows = new ConcurrentLinkedQueue<>();
  private final Map<Integer, Integer> jobByStage = new ConcurrentHashMap<>();
  private EnergyConf conf;
  private EnergyLedger ledger;
  private RowSpool spool;
  private CarbonIntensity carbon;
  private EmbodiedEmissionsTable embodied;
  private EmbodiedEmissionsTable gpuEmbodied;
  private WaterIntensity water;
  private final Map<String, ImpactFactors> impactByHardware = new ConcurrentHashMap<>();
  private final Map<List<String>, GpuEmbodied> gpuEmbodiedByNames = new ConcurrentHashMap<>();
  private volatile ImpactFactors impact;
  private SparkContext sc;
  private ScheduledExecutorService driverSampling;
  private NodeMeter driverMeter;
  private NodeSampler driverSampler;
  private volatile String method = "";
  private volatile String runIdOverride = "";
  private volatile String runDateOverride = "";
  private volatile boolean freshRun;
  private volatile boolean estimated;
  private volatile LiveEnergyMetrics live;

  /** The plugin of the application running in this JVM, or null. */
  public static EnergyDriverPlugin active() {
    return active;
  }

  @Override
  public Map<String, String> init(SparkContext sc, PluginContext ctx) {
    this.sc = sc;
    this.conf = EnergyConf.from(sc.getConf());
    noOutputWarning(conf).ifPresent(LOG::warn);
    CarbonIntensityTable table =
        conf.carbonIntensityFile().isBlank()
            ? CarbonIntensityTable.loadDefault()
            : CarbonIntensityTable.load(Path.of(conf.carbonIntensityFile()));
    this.carbon = table.forRegion(conf.region());
    this.embodied =
        conf.embodiedEmissionsFile().isBlank()
            ? EmbodiedEmissionsTable.loadDefault()
            : EmbodiedEmissionsTable.load(Path.of(conf.embodiedEmissionsFile()));
    this.gpuEmbodied = EmbodiedEmissionsTable.loadDefaultGpus();
    this.water =
        (conf.waterIntensityFile().isBlank()
                ? WaterIntensityTable.loadDefault()
                : WaterIntensityTable.load(Path.of(conf.waterIntensityFile())))
            .forRegion(conf.region());
    // Before any row arrives, the factors of this (the driver's) node.
    this.impact = impactFor(Meters.hardware(conf));
    if (!conf.output().isBlank()) {
      EnergyTableWriter writer = new EnergyTableWriter(sc.hadoopConfiguration(), conf.output());
      AtomicLong seq = new AtomicLong();
      spool =
          new RowSpool(
              System::currentTimeMillis,
              SPOOL_PERIOD_MS,
              batch ->
                  writer.writeInflight(
                      runId(sc.applicationId()),
                      sc.applicationId(),
                      seq.getAndIncrement(),
                      batch,
                      carbon.source()));
    }
    long interval = conf.sampleIntervalMs();
    this.ledger = new EnergyLedger(interval, 3 * interval + 2_000);
    // Spark registers this registry with its metrics system right after init.
    this.live = new LiveEnergyMetrics(ctx.metricRegistry(), carbon.gramsPerKwh(), conf.pue());
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
      startDriverSampling();
    }
    active = this;
    return Map.of();
  }

  /**
   * The one warning of a plugin that has nowhere to write, naming the key to set; empty when an
   * output directory is set.
   */
  static Optional<String> noOutputWarning(EnergyConf conf) {
    if (!conf.output().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        "GreenTrain energy plugin writes no tables: "
            + EnergyConf.sparkKey(EnergyConf.OUTPUT)
            + " is not set (set it, or "
            + EnergyConf.OUTPUT
            + " in code, to a directory to keep task_energy and stage_energy)");
  }

  // In local mode the executor plugin runs in this JVM and already sees the driver's threads.
  private void startDriverSampling() {
    driverMeter = Meters.forNode(conf, LOG::warn);
    TaskCpuTracker none = new TaskCpuTracker(id -> -1);
    driverSampler =
        new NodeSampler(
            EnergyRow.DRIVER,
            true,
            HostIdentity.local(),
            driverMeter,
            none,
            Path.of(conf.procStat()),
            Meters.hardware(conf),
            this::accept);
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
            driverSampler.closeWindow(false);
          } catch (RuntimeException e) {
            LOG.warn("GreenTrain energy sample of the driver failed", e);
          }
        },
        conf.sampleIntervalMs(),
        conf.sampleIntervalMs(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public Object receive(Object message) {
    if (message instanceof EnergyReport report) {
      accept(report.facts());
    }
    return null;
  }

  private void accept(WindowFacts facts) {
    addAll(ledger.add(facts, System.currentTimeMillis()));
  }

  private void addAll(List<EnergyRow> attributed) {
    List<EnergyRow> added = new ArrayList<>(attributed.size());
    for (EnergyRow r : attributed) {
      int job = r.stageId() < 0 ? -1 : jobByStage.getOrDefault(r.stageId(), -1);
      ImpactFactors factors = impactFor(r.hardware());
      added.add(r.onDriver(job, carbon, conf.pue(), factors, gpuEmbodiedFor(r.gpus().names())));
      impact = factors;
      method = r.method();
      estimated |= r.estimated();
    }
    rows.addAll(added);
    live.addAll(added);
    if (spool != null && !added.isEmpty()) {
      try {
        spool.offer(added);
      } catch (RuntimeException e) {
        // The rows stay buffered for the next period and in memory for the final write.
        LOG.warn("GreenTrain energy: could not spool rows under {}", conf.output(), e);
      }
    }
  }

  /** The embodied and water factors of a node, by its hardware description. */
  private ImpactFactors impactFor(String hardware) {
    return impactByHardware.computeIfAbsent(
        hardware, h -> ImpactFactors.of(embodied.forHardware(h), conf.wue(), water));
  }

  /** The embodied factor of GPUs by their names ({@link GpuEmbodied#NONE} for none). */
  private GpuEmbodied gpuEmbodiedFor(List<String> names) {
    return gpuEmbodiedByNames.computeIfAbsent(names, n -> GpuEmbodied.of(n, gpuEmbodied));
  }

  /** A snapshot of the rows attributed so far. */
  public List<EnergyRow> rows() {
    return Collections.unmodifiableList(new ArrayList<>(rows));
  }

  /**
   * Waits until every host's time up to {@code epochMs} is attributed (every JVM of the application
   * there has sent its windows, or fell silent), or the timeout passes; returns whether it is.
   */
  public boolean awaitWindowsUntil(long epochMs, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (System.nanoTime() < deadline) {
      long now = System.currentTimeMillis();
      addAll(ledger.ready(now));
      if (!ledger.hasWindows() || ledger.coveredUntilMs(now) >= epochMs) {
        return true;
      }
      Thread.sleep(Math.min(50, conf.sampleIntervalMs() / 4));
    }
    return false;
  }

  /**
   * Files this application's rows under a run other than the configured one, for applications that
   * learn their run id and date only after Spark started. With {@code fresh} the run starts afresh:
   * its rows replace every row filed under it before, so it has one copy of them; without, they
   * join the earlier applications' (a stage command, a resume).
   */
  public void fileUnder(String runId, String runDate, boolean fresh) {
    this.runIdOverride = runId;
    this.runDateOverride = runDate;
    this.freshRun = fresh;
  }

  /** Energy of the application's processes between two instants (no idle, no other processes). */
  public double applicationJoulesBetween(long fromMs, long toMs) {
    return NodeEnergy.applicationJoulesBetween(rows, fromMs, toMs);
  }

  /** Embodied g CO2e of the application's processes between two instants (no node_other). */
  public double applicationEmbodiedGramsBetween(long fromMs, long toMs) {
    return NodeEnergy.applicationSumBetween(rows, fromMs, toMs, EnergyRow::embodiedCo2eGrams);
  }

  /**
   * The embodied and water factors of the latest row (of the driver's node before any): where hosts
   * differ, the tables' rows name each one's.
   */
  public ImpactFactors impact() {
    return impact;
  }

  /**
   * The instant up to which every host's time is attributed (epoch ms), or 0 before any JVM has
   * reported.
   */
  public long coveredUntilMs() {
    long now = System.currentTimeMillis();
    addAll(ledger.ready(now));
    return ledger.coveredUntilMs(now);
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
    try {
      EnergyLedger.Finish finish = collectLastWindows();
      addAll(finish.rows());
      if (finish.missingWindows() > 0) {
        LOG.warn(
            "GreenTrain energy: {}, and stage_energy says so in missing_windows",
            finish.describe());
      }
      if (!conf.output().isBlank()) {
        write(finish.missingWindows(), finish.describe());
      }
    } catch (RuntimeException e) {
      LOG.error("GreenTrain could not write the energy tables to {}", conf.output(), e);
    } finally {
      if (active == this) {
        active = null;
      }
    }
  }

  /**
   * Closes the driver's last window (up to now, the application's end), waits a little for the
   * executors' last windows, and attributes everything received.
   */
  private EnergyLedger.Finish collectLastWindows() {
    if (driverSampling != null) {
      driverSampling.shutdownNow();
      try {
        driverSampling.awaitTermination(5, TimeUnit.SECONDS);
        driverSampler.closeWindow(true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        LOG.warn("GreenTrain energy: the driver's last window could not be read", e);
      }
      driverMeter.close();
    }
    long deadline = System.nanoTime() + (2 * conf.sampleIntervalMs() + 2_000) * 1_000_000;
    try {
      while (!ledger.unfinishedJvms().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ledger.finish(System.currentTimeMillis());
  }

  private void write(int missingWindows, String notes) {
    // Plugins start before Spark assigns the application id, so read it only now.
    String appId = sc.applicationId();
    String runId = runId(appId);
    String runDate =
        !runDateOverride.isBlank()
            ? runDateOverride
            : conf.runDate().isBlank() ? LocalDate.now(ZoneOffset.UTC).toString() : conf.runDate();
    EnergyTableWriter writer = new EnergyTableWriter(sc.hadoopConfiguration(), conf.output());
    writer.write(
        runDate,
        runId,
        appId,
        rows(),
        conf.writeStageTable(),
        carbon,
        new EnergyTableWriter.Completeness(missingWindows, notes),
        freshRun);
    List<String> adopted =
        writer.adoptOrphans(runDate, runId, appId, System.currentTimeMillis(), 2 * SPOOL_PERIOD_MS);
    if (!adopted.isEmpty()) {
      LOG.warn(
          "GreenTrain energy: run {} includes the spooled rows of earlier applications {} that"
              + " stopped without writing their tables (complete = false)",
          runId,
          adopted);
    }
    writer.clearInflight(runId, appId);
  }

  /** The run id rows are filed under: the pipeline's, else the configured one, else the app's. */
  private String runId(String appId) {
    return !runIdOverride.isBlank() ? runIdOverride : conf.runId().isBlank() ? appId : conf.runId();
  }
}
