package org.greentrain.jobs;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.greentrain.compress.CompressStage;
import org.greentrain.config.ConfigLoader;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.data.spark.AugmentStage;
import org.greentrain.evaluate.EvaluateStage;
import org.greentrain.pipeline.RunContext;
import org.greentrain.pipeline.StageOutcome;
import org.greentrain.publish.PublishStage;
import org.greentrain.store.RunLock;
import org.greentrain.store.Warehouse;
import org.greentrain.store.WarehouseFiles;
import org.greentrain.train.TrainStage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The command line: {@code run} for the whole pipeline, one subcommand per stage. User errors (bad
 * config, bad input data, a missing earlier stage) print one line and exit 2; anything else prints
 * a stack trace and exits 1.
 */
@Command(
    name = "greentrain",
    mixinStandardHelpOptions = true,
    versionProvider = GreenTrain.Version.class,
    description = "Energy-accounted deep-learning training on Apache Spark.",
    subcommands = {
      GreenTrain.Run.class,
      GreenTrain.Augment.class,
      GreenTrain.Train.class,
      GreenTrain.Compress.class,
      GreenTrain.Evaluate.class,
      GreenTrain.Publish.class,
      ScheduleCommand.class,
      ReportCommand.class,
      MakeSampleCommand.class,
      BenchTrainCommand.class,
      BenchPluginCommand.class,
      BenchAugmentCommand.class,
      BenchRoundsCommand.class,
    })
public final class GreenTrain {

  static final int USER_ERROR = 2;
  static final int INTERNAL_ERROR = 1;

  public static void main(String[] args) {
    System.exit(execute(System.out, System.err, args));
  }

  /** Runs the CLI and returns its exit code. */
  public static int execute(PrintStream out, PrintStream err, String... args) {
    CommandLine cli = new CommandLine(new GreenTrain());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          IllegalArgumentException userError = userError(e);
          if (userError != null) {
            err.println("greentrain: error: " + userError.getMessage());
            return USER_ERROR;
          }
          // Another process runs this run id: the user waits or stops it, no stack trace helps.
          if (e instanceof RunLock.HeldException held) {
            err.println("greentrain: error: " + held.getMessage());
            return USER_ERROR;
          }
          e.printStackTrace(err);
          return INTERNAL_ERROR;
        });
    return cli.execute(args);
  }

  /** The user error behind {@code e}, if any, looking through Spark's wrapping. */
  static IllegalArgumentException userError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException iae) {
        return iae;
      }
    }
    return null;
  }

  /** Options every pipeline command shares. */
  static final class RunOptions {
    @Option(
        names = "--config",
        paramLabel = "FILE",
        description = "HOCON file over the defaults, e.g. conf/local.conf")
    Path config;

    @Option(
        names = "--conf",
        paramLabel = "KEY=VALUE",
        description = "Override one config key, e.g. train.epochs=5 (repeatable)")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(
        names = "--run-id",
        paramLabel = "ID",
        description = "Run to create or continue; default run.id, else nightly-<date>")
    String runId;

    GreenTrainConfig load() {
      return ConfigLoader.load(config, overrides);
    }
  }

  /** Shared body of the commands: config, session, run context, stop. */
  static final class Stages {

    static Integer execute(
        RunOptions options, boolean fresh, PrintWriter out, Function<RunContext, ?> body) {
      GreenTrainConfig config = options.load();
      String given = options.runId != null ? options.runId : config.run().id();
      String runId = RunIds.resolve(given, Clock.systemUTC(), config.run().timeZone());
      SparkSession spark = Sessions.create(config, "greentrain " + runId);
      Clock clock = Clock.systemUTC();
      try {
        WarehouseFiles files = new WarehouseFiles(spark.sparkContext().hadoopConfiguration());
        Warehouse warehouse = new Warehouse(files.qualify(config.run().warehouse()));
        try (RunLock lock =
            RunLock.acquire(
                files,
                warehouse.runLock(runId),
                runId,
                RunLock.Owner.current(clock),
                clock,
                Duration.ofMinutes(config.run().lockTimeoutMinutes()),
                out::println)) {
          RunContext ctx = RunContext.open(spark, config, runId, fresh, clock, out);
          body.apply(ctx);
          return 0;
        }
      } finally {
        spark.stop();
      }
    }

    static Integer stage(
        RunOptions options,
        String stage,
        PrintWriter out,
        Function<RunContext, StageOutcome> body) {
      return execute(
          options,
          false,
          out,
          ctx -> {
            ctx.runStage(stage, () -> body.apply(ctx));
            ctx.writeTables();
            ctx.out().print(StageTable.format(ctx.stageReports()));
            return null;
          });
    }
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description =
          "Run the whole pipeline: augment, train, compress, evaluate, publish; write the tables.")
  static final class Run implements Callable<Integer> {
    @Mixin RunOptions options;
    @Spec CommandSpec spec;

    @Option(
        names = "--resume",
        description =
            "Continue the run: skip the stages it already finished (report and output present)")
    boolean resume;

    @Override
    public Integer call() {
      return Stages.execute(
          options, !resume, spec.commandLine().getOut(), ctx -> PipelineJob.run(ctx, resume));
    }
  }

  @Command(
      name = "augment",
      mixinStandardHelpOptions = true,
      description = "Validate the training split, augment it and write the training shards.")
  static final class Augment implements Callable<Integer> {
    @Mixin RunOptions options;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return Stages.stage(
          options,
          AugmentStage.STAGE,
          spec.commandLine().getOut(),
          ctx -> new AugmentStage(ctx).run());
    }
  }

  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description = "Train the model data-parallel on the run's augmented shards.")
  static final class Train implements Callable<Integer> {
    @Mixin RunOptions options;
    @Spec CommandSpec spec;

    @Option(
        names = "--resume",
        paramLabel = "RUN_ID",
        description = "Continue that run's training from its latest checkpoint")
    String resume;

    @Override
    public Integer call() {
      if (resume != null) {
        if (options.runId != null && !options.runId.equals(resume)) {
          throw new IllegalArgumentException(
              "Cannot resume run " + resume + " under --run-id " + options.runId);
        }
        options.runId = resume;
      }
      boolean resuming = resume != null;
      return Stages.stage(
          options,
          TrainStage.STAGE,
          spec.commandLine().getOut(),
          ctx -> resuming ? new TrainStage(ctx).resume() : new TrainStage(ctx).run());
    }
  }

  @Command(
      name = "compress",
      mixinStandardHelpOptions = true,
      description = "Quantize the run's trained model to int8 and report S1/S2.")
  static final class Compress implements Callable<Integer> {
    @Mixin RunOptions options;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return Stages.stage(
          options,
          CompressStage.STAGE,
          spec.commandLine().getOut(),
          ctx -> new CompressStage(ctx).run());
    }
  }

  @Command(
      name = "evaluate",
      mixinStandardHelpOptions = true,
      description = "Score the run's fp32 and int8 models on the test split, on the executors.")
  static final class Evaluate implements Callable<Integer> {
    @Mixin RunOptions options;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return Stages.stage(
          options, EvaluateStage.STAGE, spec.commandLine().getOut(), StageBodies::evaluate);
    }
  }

  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description = "Publish the run's models with a manifest to the model registry.")
  static final class Publish implements Callable<Integer> {
    @Mixin RunOptions options;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return Stages.stage(
          options,
          PublishStage.STAGE,
          spec.commandLine().getOut(),
          ctx -> new PublishStage(ctx).run());
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"greentrain " + RunContext.codeVersion()};
    }
  }
}
