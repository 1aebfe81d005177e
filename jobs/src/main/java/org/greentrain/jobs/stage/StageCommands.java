package org.greentrain.jobs.stage;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.jobs.RunOptions;
import org.greentrain.jobs.Sessions;
import org.greentrain.pipeline.RunContext;
import org.greentrain.pipeline.StageOutcome;
import org.greentrain.store.RunLock;
import org.greentrain.store.Warehouse;
import org.greentrain.store.WarehouseFiles;
import org.greentrain.train.TaskCpus;
import org.greentrain.tune.EnergyOptimization;

/** Shared body of the stage commands: config, session, run lock, run context, stop. */
final class StageCommands {

  private StageCommands() {}

  static Integer execute(
      RunOptions options, boolean fresh, PrintWriter out, Function<RunContext, ?> body) {
    return execute(options, fresh, true, out, body);
  }

  /**
   * @param chooseSettings whether train.optimize may choose the run's settings (not for a tuning
   *     run, whose trials are the settings)
   */
  static Integer execute(
      RunOptions options,
      boolean fresh,
      boolean chooseSettings,
      PrintWriter out,
      Function<RunContext, ?> body) {
    GreenTrainConfig config = options.load();
    String given = options.runId() != null ? options.runId() : config.run().id();
    Clock clock = Clock.systemUTC();
    String runId = RunIds.resolve(given, clock, config.run().timeZone());
    SparkConf conf = Sessions.conf(config, "greentrain " + runId);
    // Before the session starts: a run that cannot train leaves nothing, not even energy rows.
    TaskCpus.check(config, conf);
    SparkSession spark = Sessions.create(conf);
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
        GreenTrainConfig settings =
            chooseSettings
                ? EnergyOptimization.prepare(spark, files, warehouse, config, runId, fresh, out)
                : config;
        RunContext ctx = RunContext.open(spark, settings, runId, fresh, clock, out);
        body.apply(ctx);
        return 0;
      }
    } finally {
      spark.stop();
    }
  }

  /** Runs one stage of the run, then rewrites the run's tables and prints its stage table. */
  static Integer stage(
      RunOptions options, String stage, PrintWriter out, Function<RunContext, StageOutcome> body) {
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
