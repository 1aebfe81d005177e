package org.greentrain.jobs.stage;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.error.UserError;
import org.greentrain.jobs.RunOptions;
import org.greentrain.jobs.report.TuningChart;
import org.greentrain.pipeline.RunContext;
import org.greentrain.store.TuningTrial;
import org.greentrain.store.TuningTrialsTable;
import org.greentrain.tune.Recommendation;
import org.greentrain.tune.Trial;
import org.greentrain.tune.Trials;
import org.greentrain.tune.TuningRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code greentrain tune}: trains every candidate of {@code tune.candidates} to {@code
 * train.target-accuracy} on the same augmented data and recommends the settings that got there with
 * the least energy (docs/tuning.md).
 */
@Command(
    name = "tune",
    mixinStandardHelpOptions = true,
    description =
        "Train each candidate of tune.candidates to train.target-accuracy on the same augmented"
            + " data; write tuning_trials, a chart and the recommended settings (--config file).")
public final class TuneCommand implements Callable<Integer> {

  /** The chart's file name, next to the recommended settings. */
  static final String CHART_FILE = TuningChart.FILE;

  @Mixin RunOptions options;
  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Where to write recommended.conf and tuning.svg (any Hadoop path);"
              + " default runs/<run id>/tuning in the warehouse")
  String out;

  @Override
  public Integer call() {
    // Checked before a Spark session starts: a bad candidate costs no time.
    GreenTrainConfig config = options.load();
    List<Trial> trials = Trials.plan(config);
    return StageCommands.execute(
        options, true, false, spec.commandLine().getOut(), ctx -> tune(ctx, trials));
  }

  private Void tune(RunContext ctx, List<Trial> trials) {
    Path dir =
        out != null
            ? ctx.files().qualify(out)
            : new Path(ctx.warehouse().runDir(ctx.runId()), "tuning");
    ctx.out()
        .printf(
            Locale.ROOT,
            "GreenTrain tune %s: %d trials to validation accuracy %s, data %s, warehouse %s%n",
            ctx.runId(),
            trials.size(),
            ctx.config().train().targetAccuracy(),
            ctx.config().data().source(),
            ctx.warehouse().root());
    TuningRun.Outcome outcome = new TuningRun(ctx, trials).run(dir);
    ctx.out().println();
    ctx.out().print(StageTable.format(outcome.reports()));
    ctx.out()
        .println(
            "Pareto front (accuracy against energy): trials "
                + outcome.trials().stream()
                    .filter(TuningTrial::pareto)
                    .map(t -> Integer.toString(t.trial()))
                    .collect(Collectors.joining(", ")));
    Path chart = new Path(dir, CHART_FILE);
    String svg = TuningChart.svg(ctx.runId(), outcome.trials());
    ctx.files().writeAtomically(chart, o -> o.write(svg.getBytes(StandardCharsets.UTF_8)));
    ctx.out().println("chart: " + chart);
    ctx.out().println("tuning_trials: " + ctx.warehouse().table(TuningTrialsTable.NAME));
    if (outcome.recommended().isEmpty()) {
      throw new UserError(Recommendation.noneReached(outcome.trials()));
    }
    TuningTrial best = outcome.recommended().get();
    ctx.out()
        .printf(
            Locale.ROOT,
            "recommended: trial %d %s, validation accuracy %.4f with %s J to accuracy%n",
            best.trial(),
            trials.get(best.trial() - 1).label(),
            best.accuracy(),
            best.energyToAccuracyJoules() == null
                ? "unknown"
                : String.format(Locale.ROOT, "%.0f", best.energyToAccuracyJoules()));
    ctx.out().println("recommended settings: " + outcome.recommendedFile());
    return null;
  }
}
