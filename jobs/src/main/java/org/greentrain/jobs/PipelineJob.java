package org.greentrain.jobs;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.greentrain.store.RunRetention;
import org.greentrain.store.StageReport;

/**
 * The whole nightly run: every stage in order, then the tables, then retention (scratch data of
 * older runs), then the summary.
 */
final class PipelineJob {

  private PipelineJob() {}

  static List<StageReport> run(RunContext ctx) {
    ctx.out.printf(
        Locale.ROOT, "GreenTrain run %s: data %s, warehouse %s%n", ctx.runId(),
        ctx.config.data().source(), ctx.warehouse.root());
    ctx.runStage(AugmentJob.STAGE, () -> AugmentJob.run(ctx));
    ctx.runStage(TrainJob.STAGE, () -> TrainJob.run(ctx));
    ctx.runStage(CompressJob.STAGE, () -> CompressJob.run(ctx));
    ctx.runStage(EvaluateJob.STAGE, () -> EvaluateJob.run(ctx));
    ctx.runStage(PublishJob.STAGE, () -> PublishJob.run(ctx));
    ctx.writeTables();
    RunRetention.prune(
        ctx.files, ctx.warehouse, ctx.config.run().keepRuns(), ctx.runId(), ctx.out::println);
    List<StageReport> reports = ctx.stageReports();
    ctx.out.println();
    ctx.out.print(StageTable.format(reports));
    Map<String, Double> m = reports.stream()
        .flatMap(r -> r.metrics().entrySet().stream())
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue,
            (a, b) -> b));
    ctx.out.printf(
        Locale.ROOT,
        "%nmodels: fp32 %.0f bytes, accuracy %.2f%%; int8 %.0f bytes, accuracy %.2f%%;"
            + " S1/S2 = %.2f%n",
        m.get("fp32_bytes"), 100 * m.get("fp32_accuracy"), m.get("int8_bytes"),
        100 * m.get("int8_accuracy"), m.get("compression_ratio"));
    ctx.out.printf(
        Locale.ROOT, "published %s/%s; tables in %s%n",
        ctx.config.publish().modelName(), ctx.runId(), ctx.warehouse.table(""));
    return reports;
  }
}
