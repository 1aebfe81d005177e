package org.greentrain.jobs.stage;

import java.util.concurrent.Callable;
import org.greentrain.evaluate.EvaluateStage;
import org.greentrain.jobs.RunOptions;
import org.greentrain.jobs.report.CompressionReportPage;
import org.greentrain.pipeline.RunContext;
import org.greentrain.pipeline.StageOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code greentrain evaluate}: Score the run's fp32 and int8 models on the test split, on the
 * executors.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = "Score the run's fp32 and int8 models on the test split, on the executors.")
public final class EvaluateCommand implements Callable<Integer> {
  @Mixin RunOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return StageCommands.stage(
        options, EvaluateStage.STAGE, spec.commandLine().getOut(), EvaluateCommand::evaluate);
  }

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
