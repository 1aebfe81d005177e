package org.greentrain.tune;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.greentrain.config.ConfigKeys;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.data.spark.AugmentStage;
import org.greentrain.pipeline.RunContext;
import org.greentrain.store.StageReport;
import org.greentrain.store.TuningTrial;
import org.greentrain.store.TuningTrialsTable;
import org.greentrain.store.WarehouseTables;
import org.greentrain.train.EnergyBudget;
import org.greentrain.train.TrainStage;

/**
 * {@code greentrain tune} on Spark: augments the run's data once, trains every trial on it to the
 * target accuracy, one after another, each under its own stage label ({@link Trial#stageLabel()}),
 * then writes {@code tuning_trials}, the run's {@code stage_energy} and {@code runs} rows and the
 * recommended settings.
 *
 * <p>Once a trial has reached the target, every later one runs under an energy limit of {@code
 * tune.beta} times the least energy to accuracy so far (Zeus's early stop, You, Chung and
 * Chowdhury, NSDI '23), as train.energy-budget-kwh: it stops at the last round that fits, and is
 * recorded as stopped early.
 */
public final class TuningRun {

  /** What the tuning found; {@code recommendedFile} is null when no trial reached the target. */
  public record Outcome(
      List<TuningTrial> trials,
      List<StageReport> reports,
      Optional<TuningTrial> recommended,
      Path recommendedFile) {}

  /** The name of the recommended settings' file in the output directory. */
  public static final String RECOMMENDED_FILE = "recommended.conf";

  /** The stage label of the warm-up round before the trials. */
  public static final String WARM_UP_STAGE = "warm-up";

  private final RunContext ctx;
  private final List<Trial> trials;

  public TuningRun(RunContext ctx, List<Trial> trials) {
    this.ctx = ctx;
    this.trials = List.copyOf(trials);
  }

  /** Runs everything; writes the recommended settings under {@code outDir}. */
  public Outcome run(Path outDir) {
    int steps = trials.size() + 2;
    List<StageReport> reports = new ArrayList<>();
    List<String> order = new ArrayList<>();
    reports.add(ctx.runStage(AugmentStage.STAGE, 1, steps, () -> new AugmentStage(ctx).run()));
    order.add(AugmentStage.STAGE);
    reports.add(warmUp(steps));
    order.add(WARM_UP_STAGE);
    List<TuningTrial> done = new ArrayList<>();
    Double leastJoules = null;
    for (Trial trial : trials) {
      GreenTrainConfig config = limited(trial, leastJoules);
      RunContext trialCtx = ctx.withConfig(config);
      StageReport report =
          ctx.runStage(
              trial.stageLabel(), trial.number() + 2, steps, () -> new TrainStage(trialCtx).run());
      reports.add(report);
      order.add(trial.stageLabel());
      TuningTrial result = result(trial, report);
      done.add(result);
      printTrial(trial, result);
      if (result.reached() && result.energyToAccuracyJoules() != null) {
        leastJoules =
            leastJoules == null
                ? result.energyToAccuracyJoules()
                : Math.min(leastJoules, result.energyToAccuracyJoules());
      }
    }
    List<TuningTrial> ranked = ranked(done);
    new TuningTrialsTable(ctx.spark(), ctx.warehouse()).write(ctx.run(), ranked);
    new WarehouseTables(ctx.spark(), ctx.warehouse()).writeRun(ctx.run(), reports, order);
    Optional<TuningTrial> recommended =
        ranked.stream().filter(TuningTrial::recommended).findFirst();
    Path file = null;
    if (recommended.isPresent()) {
      file = new Path(outDir, RECOMMENDED_FILE);
      String text =
          RecommendedConfig.render(
              ctx.runId(),
              trials.size(),
              recommended.get(),
              trials.get(recommended.get().trial() - 1).config());
      ctx.files().writeAtomically(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
    return new Outcome(ranked, reports, recommended, file);
  }

  /**
   * One round with the first trial's settings, under its own stage label, so that the first trial
   * does not pay for what only the first training of an application does (loading the engine's
   * natives, its first kernels and Spark's first jobs): on data-samples the cnn's first round took
   * 32 s against 7 s for its second (docs/tuning.md).
   */
  private StageReport warmUp(int steps) {
    GreenTrainConfig config = trials.get(0).config().withValues(Map.of(ConfigKeys.TRAIN_ROUNDS, 1));
    RunContext warmUpCtx = ctx.withConfig(config);
    return ctx.runStage(
        WARM_UP_STAGE,
        2,
        steps,
        () -> {
          ctx.out().println("      one round with the settings of trial 1; not a trial");
          return new TrainStage(warmUpCtx).run();
        });
  }

  /**
   * The trial's config under its energy limit: tune.beta times {@code leastJoules}, or the
   * configured train.energy-budget-kwh when that is lower; unchanged before any trial reached the
   * target.
   */
  private GreenTrainConfig limited(Trial trial, Double leastJoules) {
    if (leastJoules == null) {
      return trial.config();
    }
    double beta = ctx.config().tune().beta();
    double limitKwh = beta * leastJoules / 3.6e6;
    double configured = trial.config().train().energyBudgetKwh();
    ctx.out()
        .printf(
            Locale.ROOT,
            "      energy limit of trial %d: %s x %.0f J = %.0f J (tune.beta x least energy to"
                + " accuracy so far)%s%n",
            trial.number(),
            beta,
            leastJoules,
            beta * leastJoules,
            configured > 0 && configured < limitKwh
                ? "; train.energy-budget-kwh is lower and applies"
                : "");
    if (configured > 0 && configured < limitKwh) {
      return trial.config();
    }
    return trial.config().withValues(Map.of(ConfigKeys.TRAIN_ENERGY_BUDGET_KWH, limitKwh));
  }

  /** The trial's row, from its stage report. */
  static TuningTrial result(Trial trial, StageReport report) {
    Map<String, Double> m = report.metrics();
    boolean reached = m.getOrDefault("target_reached", 0.0) != 0;
    return new TuningTrial(
        trial.number(),
        trial.settingsJson(),
        trial.config().train().targetAccuracy(),
        reached,
        m.getOrDefault("best_validation_accuracy", 0.0),
        reached ? m.get("energy_to_accuracy_j") : null,
        reached ? m.get("time_to_accuracy_s") : null,
        report.energyJoules(),
        report.wallSeconds(),
        report.co2eGrams(),
        m.getOrDefault("rounds_run", 0.0).intValue(),
        !reached && report.notes().startsWith(EnergyBudget.STOP_REASON_PREFIX),
        false,
        false,
        report.notes());
  }

  /** The trials with the Pareto front and the recommendation marked. */
  static List<TuningTrial> ranked(List<TuningTrial> trials) {
    boolean[] front =
        ParetoFront.of(
            trials.stream()
                .map(t -> new ParetoFront.Point(t.accuracy(), t.energyJoules()))
                .toList());
    Optional<TuningTrial> best = Recommendation.of(trials);
    List<TuningTrial> out = new ArrayList<>();
    for (int i = 0; i < trials.size(); i++) {
      TuningTrial t = trials.get(i);
      out.add(t.ranked(front[i], best.isPresent() && best.get().trial() == t.trial()));
    }
    return out;
  }

  private void printTrial(Trial trial, TuningTrial r) {
    String head =
        String.format(
            Locale.ROOT, "trial %d/%d %s: ", trial.number(), trials.size(), trial.label());
    String body;
    if (r.reached()) {
      body =
          String.format(
              Locale.ROOT,
              "reached %.4f after %d round%s, %s J, %.1f s",
              r.accuracy(),
              r.rounds(),
              r.rounds() == 1 ? "" : "s",
              r.energyToAccuracyJoules() == null
                  ? "unknown"
                  : String.format(Locale.ROOT, "%.0f", r.energyToAccuracyJoules()),
              r.timeToAccuracySeconds());
    } else {
      body =
          String.format(
              Locale.ROOT,
              "%s after %d round%s at best %.4f, %.0f J, %.1f s",
              r.stoppedEarly() ? "stopped early by its energy limit" : "did not reach the target",
              r.rounds(),
              r.rounds() == 1 ? "" : "s",
              r.accuracy(),
              r.energyJoules(),
              r.seconds());
    }
    ctx.out().println(head + body);
  }
}
