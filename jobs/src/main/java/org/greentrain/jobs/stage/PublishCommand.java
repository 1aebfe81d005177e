package org.greentrain.jobs.stage;

import java.util.concurrent.Callable;
import org.greentrain.jobs.RunOptions;
import org.greentrain.publish.PublishStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code greentrain publish}: Publish the run's models with a manifest to the model registry. */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = "Publish the run's models with a manifest to the model registry.")
public final class PublishCommand implements Callable<Integer> {
  @Mixin RunOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return StageCommands.stage(
        options,
        PublishStage.STAGE,
        spec.commandLine().getOut(),
        ctx -> new PublishStage(ctx).run());
  }
}
