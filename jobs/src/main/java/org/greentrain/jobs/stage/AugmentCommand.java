package org.greentrain.jobs.stage;

import java.util.concurrent.Callable;
import org.greentrain.data.spark.AugmentStage;
import org.greentrain.jobs.RunOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code greentrain augment}: Validate the training split, augment it and write the training
 * shards.
 */
@Command(
    name = "augment",
    mixinStandardHelpOptions = true,
    description = "Validate the training split, augment it and write the training shards.")
public final class AugmentCommand implements Callable<Integer> {
  @Mixin RunOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return StageCommands.stage(
        options,
        AugmentStage.STAGE,
        spec.commandLine().getOut(),
        ctx -> new AugmentStage(ctx).run());
  }
}
