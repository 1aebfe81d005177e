package org.greentrain.pipeline;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.energy.StageEnergyModel;
import org.greentrain.energy.spark.EnergyDriverPlugin;
import org.greentrain.energy.spark.StageCpuListener;
import org.greentrain.error.UserError;
import org.greentrain.model.ModelSpec;
import org.greentrain.store.Json;
import org.greentrain.store.RunInfo;
import org.greentrain.store.StageReport;
import org.greentrain.store.Warehouse;
import org.greentrain.store.WarehouseFiles;
import org.greentrain.store.WarehouseTables;

/**
 * Everything the stages of one run share: session, config, warehouse, the run's identity and where
 * progress lines go. Opened once per command on the driver; not thread-safe.
 */
public final class RunContext {

  /** Pipeline stages in order; tables list them in this order. */
  public static final List<String> STAGES =
      List.of("augment", "train", "compress", "evaluate", "publish");

  /**
   * The augment stage's report metric holding the channel count it resolved (data.channels, or from
   * the source), which every later stage's model takes.
   */
  public static final String CHANNELS_METRIC = "channels";

  private final SparkSession spark;
  private final GreenTrainConfig config;
  private final WarehouseFiles files;
  private final Warehouse warehouse;
  private final Json json;
  private final RunInfo run;
  private final PrintWriter out;
  private final StageRunner stages;
  private Integer channels;

  private RunContext(
      SparkSession spark,
      GreenTrainConfig config,
      WarehouseFiles files,
      Warehouse warehouse,
      RunInfo run,
      PrintWriter out,
      StageRunner stages) {
    this.spark = spark;
    this.config = config;
    this.files = files;
    this.warehouse = warehouse;
    this.json = new Json(files);
    this.run = run;
    this.out = out;
    this.stages = stages;
  }

  /**
   * Opens the run {@code runId}: reuses its identity if a stage already ran, else records a new
   * one. With {@code fresh}, an earlier run of the same id is replaced from the start. The identity
   * includes the platform of the first attempt, so a run resumed elsewhere still names the machine
   * its first stages ran on.
   */
  public static RunContext open(
      SparkSession spark,
      GreenTrainConfig config,
      String runId,
      boolean fresh,
      Clock clock,
      PrintWriter out) {
    WarehouseFiles files = new WarehouseFiles(spark.sparkContext().hadoopConfiguration());
    Warehouse warehouse = new Warehouse(files.qualify(config.run().warehouse()));
    Json json = new Json(files);
    Path infoPath = warehouse.runInfo(runId);
    RunInfo run;
    if (!fresh && files.exists(infoPath)) {
      run = json.read(infoPath, RunInfo.class);
    } else {
      files.deleteRecursively(warehouse.stageReports(runId));
      run =
          new RunInfo(
              runId,
              LocalDate.now(clock.withZone(ZoneId.of(config.run().timeZone()))).toString(),
              clock.instant().toString(),
              config.run().seed(),
              config.hash(),
              config.json(),
              codeVersion(),
              PlatformProbe.detect());
      json.write(infoPath, run);
    }
    EnergyDriverPlugin plugin = EnergyDriverPlugin.active();
    if (plugin != null) {
      plugin.fileUnder(run.runId(), run.runDate(), fresh);
    }
    StageCpuListener cpu = new StageCpuListener();
    spark.sparkContext().addSparkListener(cpu);
    StageEnergyModel energy =
        EnergySetup.fromConfig(config.energy(), spark.sparkContext().defaultParallelism());
    StageRunner runner = new StageRunner(spark.sparkContext(), cpu, energy, out);
    return new RunContext(spark, config, files, warehouse, run, out, runner);
  }

  /**
   * The same run, session and stage runner under another config: a tuning trial trains the run's
   * data with its own settings. The run's identity (run.json) stays the one recorded.
   */
  public RunContext withConfig(GreenTrainConfig other) {
    return new RunContext(spark, other, files, warehouse, run, out, stages);
  }

  public SparkSession spark() {
    return spark;
  }

  public GreenTrainConfig config() {
    return config;
  }

  public WarehouseFiles files() {
    return files;
  }

  public Warehouse warehouse() {
    return warehouse;
  }

  public Json json() {
    return json;
  }

  public RunInfo run() {
    return run;
  }

  /** Where stages print their progress lines. */
  public PrintWriter out() {
    return out;
  }

  public String runId() {
    return run.runId();
  }

  /**
   * The network this config trains as it is published: plain, or folded for a network that trains
   * with batch normalisation (see {@link ModelSpec#forTraining}), with the channels the augment
   * stage of this run resolved (its report's {@value #CHANNELS_METRIC} metric), so train, compress,
   * evaluate and publish agree with the data; before that stage has run, {@code data.channels} when
   * set, else 1.
   */
  public ModelSpec modelSpec() {
    return ModelSpec.of(
        config.train().model(),
        channels(),
        inputRows(),
        inputCols(),
        config.data().numClasses(),
        config.train().depth(),
        config.train().widths(),
        config.train().widthMultiplier());
  }

  /** The rows of the model's input: augment.crop-size when set, else data.rows. */
  private int inputRows() {
    int crop = config.augment().cropSize();
    return crop > 0 ? crop : config.data().rows();
  }

  private int inputCols() {
    int crop = config.augment().cropSize();
    return crop > 0 ? crop : config.data().cols();
  }

  /** The channel count of this run's images; read once from the augment stage's report. */
  public int channels() {
    if (channels == null) {
      Path report = warehouse.stageReport(runId(), STAGES.get(0));
      Double recorded =
          files.exists(report)
              ? json.read(report, StageReport.class).metrics().get(CHANNELS_METRIC)
              : null;
      if (recorded != null) {
        channels = recorded.intValue();
      } else {
        // Not cached: the augment stage of this context may record it later.
        return config.data().channels() == 0 ? 1 : config.data().channels();
      }
    }
    return channels;
  }

  /** Runs {@code stage} through the stage runner and saves its report. */
  public StageReport runStage(String stage, Supplier<StageOutcome> body) {
    return runStage(stage, STAGES.indexOf(stage) + 1, STAGES.size(), body);
  }

  /**
   * Runs {@code stage}, labelled so (a path segment), as step {@code index} of {@code total} of a
   * command that runs other steps than the pipeline's, such as tuning trials; saves its report.
   */
  public StageReport runStage(String stage, int index, int total, Supplier<StageOutcome> body) {
    StageReport report = stages.run(stage, index, total, body);
    json.write(warehouse.stageReport(runId(), stage), report);
    return report;
  }

  /** The reports of the stages of this run that have finished, in pipeline order. */
  public List<StageReport> stageReports() {
    List<StageReport> reports = new ArrayList<>();
    for (String stage : STAGES) {
      Path p = warehouse.stageReport(runId(), stage);
      if (files.exists(p)) {
        reports.add(json.read(p, StageReport.class));
      }
    }
    return reports;
  }

  /** Rewrites this run's rows of the analyst tables from the saved stage reports. */
  public void writeTables() {
    new WarehouseTables(spark, warehouse).writeRun(run, stageReports(), STAGES);
  }

  /** Fails with a message naming the stage to run first when an input is missing. */
  public void require(Path input, String what, String producingStage) {
    if (!files.exists(input)) {
      throw new UserError(
          "Cannot run this stage for run "
              + runId()
              + ": no "
              + what
              + " at "
              + input
              + "; run `greentrain "
              + producingStage
              + " --run-id "
              + runId()
              + "` first");
    }
  }

  public static String codeVersion() {
    String v = RunContext.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
