package org.greentrain.jobs.stage;

import java.util.concurrent.Callable;
import org.greentrain.compress.CompressStage;
import org.greentrain.jobs.RunOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code greentrain compress}: Quantize the run's trained model to int8 and report S1/S2. */
@Command(
    name = "compress",
    mixinStandardHelpOptions = true,
    description = "Quantize the run's trained model to int8 and report S1/S2.")
public final class CompressCommand implements Callable<Integer> {
  @Mixin RunOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return StageCommands.stage(
        options,
        CompressStage.STAGE,
        spec.commandLine().getOut(),
        ctx -> new CompressStage(ctx).run());
  }
}
