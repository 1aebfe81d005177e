package org.greentrain.jobs;

import org.greentrain.evaluate.EvaluateStage;
import org.greentrain.pipeline.RunContext;
import org.greentrain.pipeline.StageOutcome;

/** What each stage command runs: the stage's logic from common, plus the pages it leaves. */
final class StageBodies {

  private StageBodies() {}

  /** Evaluates, then writes the compression report from the evaluations table. */
  static StageOutcome evaluate(RunContext ctx) {
    StageOutcome outcome = new EvaluateStage(ctx).run();
    // Read back, so the report shows exactly what the table holds.
    CompressionReportPage.write(
        ctx.files(),
        ctx.warehouse().report(ctx.runId()),
        ctx.runId(),
        CompressionReportPage.read(ctx.spark(), ctx.warehouse(), ctx.runId()));
    return outcome;
  }
}
