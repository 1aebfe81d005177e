package org.greentrain.jobs.stage;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.greentrain.compress.CompressStage;
import org.greentrain.data.spark.AugmentStage;
import org.greentrain.evaluate.EvaluateStage;
import org.greentrain.pipeline.RunContext;
import org.greentrain.pipeline.StageOutcome;
import org.greentrain.publish.PublishStage;
import org.greentrain.store.ModelRegistry;
import org.greentrain.store.RunRetention;
import org.greentrain.store.StageReport;
import org.greentrain.train.TrainStage;
import org.greentrain.tune.EnergyOptimization;

/**
 * The whole nightly run: every stage in order, then the tables, then retention (scratch data of
 * older runs), then the summary.
 */
final class PipelineJob {

  private PipelineJob() {}

  /**
   * @param resume skip the stages this run already finished: their report is recorded and their
   *     output is still there
   */
  static List<StageReport> run(RunContext ctx, boolean resume) {
    ctx.out()
        .printf(
            Locale.ROOT,
            "GreenTrain run %s: data %s, warehouse %s%s%n",
            ctx.runId(),
            ctx.config().data().source(),
            ctx.warehouse().root(),
            resume ? " (resuming)" : "");
    runStages(ctx, resume);
    ctx.writeTables();
    RunRetention.prune(
        ctx.files(),
        ctx.warehouse(),
        ctx.config().run().keepRuns(),
        ctx.runId(),
        Clock.systemUTC(),
        Duration.ofMinutes(ctx.config().run().lockTimeoutMinutes()),
        ctx.out()::println);
    List<StageReport> reports = ctx.stageReports();
    printSummary(ctx, reports);
    return reports;
  }

  private static void runStages(RunContext ctx, boolean resume) {
    stage(
        ctx,
        resume,
        AugmentStage.STAGE,
        ctx.warehouse().augmented(ctx.runId()),
        () -> new AugmentStage(ctx).run());
    stage(
        ctx,
        resume,
        TrainStage.STAGE,
        ctx.warehouse().fp32Model(ctx.runId()),
        // A training interrupted by a crash continues from its checkpoint, not from round 1.
        () ->
            EnergyOptimization.train(
                ctx, train -> resume ? train.resumeIfCheckpointed() : train.run()));
    stage(
        ctx,
        resume,
        CompressStage.STAGE,
        ctx.warehouse().int8Model(ctx.runId()),
        () -> new CompressStage(ctx).run());
    stage(
        ctx,
        resume,
        EvaluateStage.STAGE,
        ctx.warehouse().stageReport(ctx.runId(), EvaluateStage.STAGE),
        () -> EvaluateCommand.evaluate(ctx));
    stage(
        ctx,
        resume,
        PublishStage.STAGE,
        new ModelRegistry(ctx.files(), ctx.warehouse().models())
            .manifest(ctx.config().publish().modelName(), ctx.runId()),
        () -> new PublishStage(ctx).run());
  }

  /** The stage table, then the models' sizes and accuracy and where the results are. */
  private static void printSummary(RunContext ctx, List<StageReport> reports) {
    ctx.out().println();
    ctx.out().print(StageTable.format(reports));
    Map<String, Double> m =
        reports.stream()
            .flatMap(r -> r.metrics().entrySet().stream())
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> b));
    ctx.out()
        .printf(
            Locale.ROOT,
            "%nmodels: fp32 %.0f bytes, accuracy %.2f%%; int8 %.0f bytes, accuracy %.2f%%;"
                + " S1/S2 = %.2f%n",
            m.get("fp32_bytes"),
            100 * m.get("fp32_accuracy"),
            m.get("int8_bytes"),
            100 * m.get("int8_accuracy"),
            m.get("compression_ratio"));
    printEarlierAttempts(ctx, m);
    ctx.out()
        .printf(
            Locale.ROOT,
            "published %s/%s; tables in %s%n",
            ctx.config().publish().modelName(),
            ctx.runId(),
            ctx.warehouse().tables());
  }

  /**
   * A resumed training's stage row is its last attempt's; the energy of the rounds the crashed
   * attempts ran is in the checkpoint, so say how much the row leaves out.
   */
  private static void printEarlierAttempts(RunContext ctx, Map<String, Double> metrics) {
    Double earlier = metrics.get("earlier_attempts_energy_j");
    if (earlier != null && earlier > 0) {
      ctx.out()
          .printf(
              Locale.ROOT,
              "train resumed from round %.0f: its row is that attempt's; the rounds of earlier"
                  + " attempts used %,.0f J more (earlier_attempts_energy_j)%n",
              metrics.get("first_round"),
              earlier);
    }
  }

  private static void stage(
      RunContext ctx, boolean resume, String stage, Path output, Supplier<StageOutcome> body) {
    if (resume
        && ctx.files().exists(ctx.warehouse().stageReport(ctx.runId(), stage))
        && ctx.files().exists(output)) {
      ctx.out()
          .printf(
              Locale.ROOT,
              "[%d/%d] %s: skipped, complete in run %s (%s)%n",
              RunContext.STAGES.indexOf(stage) + 1,
              RunContext.STAGES.size(),
              stage,
              ctx.runId(),
              output);
      return;
    }
    ctx.runStage(stage, body);
  }
}
