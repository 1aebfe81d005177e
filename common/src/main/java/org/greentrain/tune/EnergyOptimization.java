package org.greentrain.tune;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.greentrain.config.ConfigKeys;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.config.TrainConfig;
import org.greentrain.error.UserError;
import org.greentrain.pipeline.EnergySetup;
import org.greentrain.pipeline.RunContext;
import org.greentrain.pipeline.StageOutcome;
import org.greentrain.store.Json;
import org.greentrain.store.Warehouse;
import org.greentrain.store.WarehouseFiles;
import org.greentrain.train.CostLimit;
import org.greentrain.train.TrainStage;
import org.greentrain.train.ZeusCost;

/**
 * {@code train.optimize = energy} in a run: the settings are decided when the run starts, from the
 * tables ({@link OptimizeHistory}, {@link EnergyOptimizer}), recorded in {@code
 * runs/<id>/optimize.json}, and kept when the run continues (a later stage command, a resume); the
 * train stage runs under the recorded cost limit, and its notes, and so {@code runs.notes}, start
 * with the choice.
 */
public final class EnergyOptimization {

  /**
   * What was decided for a run, as {@code optimize.json} holds it.
   *
   * @param settings the keys the chosen settings change (none for the configured settings)
   */
  public record Recorded(
      int settingsNumber,
      Map<String, Object> settings,
      boolean explored,
      double eta,
      double maxPowerWatts,
      double limitJoules,
      String note) {

    CostLimit limit() {
      return limitJoules > 0
          ? new CostLimit(new ZeusCost(eta, maxPowerWatts), limitJoules)
          : CostLimit.NONE;
    }
  }

  private EnergyOptimization() {}

  /**
   * The config the run {@code runId} trains with: {@code config} itself unless train.optimize is
   * energy; then the settings decided now from the tables, or, when the run already started ({@code
   * fresh} false and a decision recorded), the settings decided then.
   */
  public static GreenTrainConfig prepare(
      SparkSession spark,
      WarehouseFiles files,
      Warehouse warehouse,
      GreenTrainConfig config,
      String runId,
      boolean fresh,
      PrintWriter out) {
    if (!config.train().optimize().equals(TrainConfig.OPTIMIZE_ENERGY)) {
      return config;
    }
    if (config.tune().candidates().isEmpty()) {
      throw new UserError(
          "Cannot optimize: "
              + ConfigKeys.TRAIN_OPTIMIZE
              + " = energy chooses among the configured settings and "
              + ConfigKeys.TUNE_CANDIDATES
              + ", which is empty");
    }
    Json json = new Json(files);
    Path file = decisionFile(warehouse, runId);
    if (!fresh && files.exists(warehouse.runInfo(runId)) && files.exists(file)) {
      Recorded recorded = json.read(file, Recorded.class);
      out.println("      " + recorded.note() + " (decided when run " + runId + " started)");
      return config.withValues(recorded.settings());
    }
    double maxPower =
        config.tune().maxPowerW() > 0
            ? config.tune().maxPowerW()
            : EnergySetup.maxPowerWatts(config.energy(), spark.sparkContext().defaultParallelism());
    List<EnergyOptimizer.Observation> history =
        OptimizeHistory.read(spark, files, warehouse, config, runId);
    EnergyOptimizer.Decision d = EnergyOptimizer.decide(config, history, maxPower);
    json.write(
        file,
        new Recorded(
            d.arm().number(),
            d.arm().settings(),
            d.explored(),
            config.tune().eta(),
            maxPower,
            d.limit().limitJoules(),
            d.note()));
    out.println("      " + d.note());
    return d.arm().config();
  }

  /**
   * Runs the train stage of {@code ctx}'s run as {@code how} says; under train.optimize = energy,
   * with the run's cost limit and the choice first in the stage's notes.
   */
  public static StageOutcome train(RunContext ctx, Function<TrainStage, StageOutcome> how) {
    Path file = decisionFile(ctx.warehouse(), ctx.runId());
    if (!ctx.config().train().optimize().equals(TrainConfig.OPTIMIZE_ENERGY)
        || !ctx.files().exists(file)) {
      return how.apply(new TrainStage(ctx));
    }
    Recorded recorded = ctx.json().read(file, Recorded.class);
    StageOutcome o = how.apply(new TrainStage(ctx, recorded.limit()));
    String notes = o.notes().isEmpty() ? recorded.note() : recorded.note() + "; " + o.notes();
    return new StageOutcome(
        o.recordsIn(), o.recordsOut(), o.modelBytes(), o.testAccuracy(), o.metrics(), notes);
  }

  private static Path decisionFile(Warehouse warehouse, String runId) {
    return new Path(warehouse.runDir(runId), "optimize.json");
  }
}
