package org.greentrain.jobs.stage;

import java.util.concurrent.Callable;
import org.greentrain.jobs.RunOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code greentrain run}: the whole pipeline. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run the whole pipeline: augment, train, compress, evaluate, publish; write the tables.")
public final class RunCommand implements Callable<Integer> {
  @Mixin RunOptions options;
  @Spec CommandSpec spec;

  @Option(
      names = "--resume",
      description =
          "Continue the run: skip the stages it already finished (report and output present);"
              + " an interrupted training continues from its last checkpoint")
  boolean resume;

  @Override
  public Integer call() {
    return StageCommands.execute(
        options, !resume, spec.commandLine().getOut(), ctx -> PipelineJob.run(ctx, resume));
  }
}
