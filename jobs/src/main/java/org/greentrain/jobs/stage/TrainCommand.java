package org.greentrain.jobs.stage;

import java.util.concurrent.Callable;
import org.greentrain.energy.PathSegments;
import org.greentrain.error.UserError;
import org.greentrain.jobs.RunOptions;
import org.greentrain.train.TrainStage;
import org.greentrain.tune.EnergyOptimization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code greentrain train}: trains afresh, or resumes a run's training from its checkpoint. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train the model data-parallel on the run's augmented shards.")
public final class TrainCommand implements Callable<Integer> {
  @Mixin RunOptions options;
  @Spec CommandSpec spec;

  @Option(
      names = "--resume",
      paramLabel = "RUN_ID",
      description = "Continue that run's training from its latest checkpoint")
  String resume;

  @Override
  public Integer call() {
    if (resume == null) {
      return StageCommands.stage(
          options,
          TrainStage.STAGE,
          spec.commandLine().getOut(),
          ctx -> EnergyOptimization.train(ctx, TrainStage::run));
    }
    UserError.fromInput(() -> PathSegments.check("run id", resume));
    if (options.runId() != null && !options.runId().equals(resume)) {
      throw new UserError("Cannot resume run " + resume + " under --run-id " + options.runId());
    }
    options.runId(resume);
    return StageCommands.stage(
        options,
        TrainStage.STAGE,
        spec.commandLine().getOut(),
        ctx -> EnergyOptimization.train(ctx, TrainStage::resume));
  }
}
