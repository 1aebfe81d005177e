package org.greentrain.jobs;

import java.io.PrintStream;
import java.io.PrintWriter;
import org.greentrain.error.UserError;
import org.greentrain.jobs.ops.MakeSampleCommand;
import org.greentrain.jobs.ops.ScheduleCommand;
import org.greentrain.jobs.ops.TablesCommand;
import org.greentrain.jobs.report.ReportCommand;
import org.greentrain.jobs.stage.AugmentCommand;
import org.greentrain.jobs.stage.CompressCommand;
import org.greentrain.jobs.stage.EvaluateCommand;
import org.greentrain.jobs.stage.PublishCommand;
import org.greentrain.jobs.stage.RunCommand;
import org.greentrain.jobs.stage.TrainCommand;
import org.greentrain.jobs.stage.TuneCommand;
import org.greentrain.pipeline.RunContext;
import org.greentrain.store.RunLock;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code run} for the whole pipeline, one subcommand per stage. User errors
 * ({@link UserError}: bad config, bad input data, a missing earlier stage; and a run whose lock
 * another process holds) print one line and exit 2; anything else, a library's {@link
 * IllegalArgumentException} included, prints a stack trace and exits 1.
 */
@Command(
    name = "greentrain",
    mixinStandardHelpOptions = true,
    versionProvider = GreenTrain.Version.class,
    description = "Energy-accounted deep-learning training on Apache Spark.",
    subcommands = {
      RunCommand.class,
      AugmentCommand.class,
      TrainCommand.class,
      CompressCommand.class,
      EvaluateCommand.class,
      PublishCommand.class,
      TuneCommand.class,
      ScheduleCommand.class,
      ReportCommand.class,
      TablesCommand.class,
      MakeSampleCommand.class,
    })
public final class GreenTrain {

  public static final int USER_ERROR = 2;
  public static final int INTERNAL_ERROR = 1;

  public static void main(String[] args) {
    System.exit(execute(System.out, System.err, args));
  }

  /** Runs the CLI and returns its exit code. */
  public static int execute(PrintStream out, PrintStream err, String... args) {
    CommandLine cli = new CommandLine(new GreenTrain());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> exitCode(e, err));
    return cli.execute(args);
  }

  /** Reports a command's failure on {@code err} and returns the exit code for it. */
  static int exitCode(Throwable e, PrintStream err) {
    Throwable userError = userError(e);
    if (userError != null) {
      err.println("greentrain: error: " + userError.getMessage());
      return USER_ERROR;
    }
    e.printStackTrace(err);
    return INTERNAL_ERROR;
  }

  /**
   * The user error behind {@code e}, if any, looking through wrapping such as Spark's: a task's
   * exception reaches the driver as the cause of a {@code SparkException}. Only our own {@link
   * UserError} counts, and the refusal to start a run another process holds (the user waits or
   * stops it; no stack trace helps).
   */
  static Throwable userError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UserError || t instanceof RunLock.HeldException) {
        return t;
      }
    }
    return null;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"greentrain " + RunContext.codeVersion()};
    }
  }
}
