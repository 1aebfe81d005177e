package org.greentrain.jobs.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.greentrain.energy.table.EnergyTables;
import org.greentrain.error.UserError;
import org.greentrain.store.EvaluationTables;
import org.greentrain.store.ModelRegistry;
import org.greentrain.store.TrainingRoundsTable;
import org.greentrain.store.TuningTrial;
import org.greentrain.store.TuningTrialsTable;
import org.greentrain.store.Warehouse;
import org.greentrain.store.WarehouseFiles;
import org.greentrain.store.WarehouseTables;

/** Reads a report's {@link ReportData} from the warehouse's tables and model registry. */
final class ReportTables {

  private static final String RUNS = WarehouseTables.RUNS.name();
  private static final String TASK_ENERGY = EnergyTables.TASK_ENERGY.name();
  private static final String TUNING_TRIALS = TuningTrialsTable.SCHEMA.name();

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final WarehouseFiles files;

  ReportTables(SparkSession spark, Warehouse warehouse, WarehouseFiles files) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.files = files;
  }

  /**
   * @param runId the run to detail, or null for the newest
   * @param last how many runs the trend covers
   * @param modelName the registry name whose LATEST the run is compared with
   */
  ReportData read(String runId, int last, String modelName) {
    if (!files.exists(warehouse.table(RUNS))) {
      throw new UserError(
          "Cannot write a report: no runs table at "
              + warehouse.table(RUNS)
              + "; run `greentrain run` first");
    }
    Dataset<Row> runs = table(RUNS);
    List<ReportData.Run> newestFirst = new ArrayList<>();
    for (Row r : runs.orderBy(col("started_at").desc()).limit(last).collectAsList()) {
      newestFirst.add(run(r));
    }
    ReportData.Run run;
    if (runId == null) {
      run = newestFirst.get(0);
    } else {
      run = runRow(runs, runId);
      if (run == null) {
        throw new UserError(
            "Cannot write a report for run " + runId + ": it is not in " + warehouse.table(RUNS));
      }
    }
    List<ReportData.Stage> stages = stages(run.runId());
    List<ReportData.Run> trend = new ArrayList<>(newestFirst);
    Collections.reverse(trend);
    return new ReportData(
        run,
        stages,
        splits(run.runId(), stages),
        trend,
        rounds(run.runId()),
        files.exists(warehouse.table(EvaluationTables.EVALUATIONS.name()))
            ? CompressionReportPage.read(spark, warehouse, run.runId())
            : List.of(),
        latest(runs, modelName),
        tuning(runs));
  }

  private Dataset<Row> table(String name) {
    // Merged, so that rows written before a column was added read back with it null.
    return spark.read().option("mergeSchema", "true").parquet(warehouse.table(name).toString());
  }

  private List<ReportData.Stage> stages(String runId) {
    List<ReportData.Stage> stages = new ArrayList<>();
    for (Row r :
        table(WarehouseTables.STAGE_ENERGY.name())
            .where(col("run_id").equalTo(runId))
            .orderBy("stage_order")
            .collectAsList()) {
      stages.add(
          new ReportData.Stage(
              r.getAs("stage"),
              r.getAs("started_at"),
              r.<Double>getAs("wall_s"),
              r.<Double>getAs("energy_j"),
              r.<Double>getAs("node_energy_j"),
              r.<Double>getAs("co2e_g"),
              r.<Double>getAs("embodied_co2e_g"),
              r.<Double>getAs("water_l")));
    }
    return stages;
  }

  /**
   * The run's task_energy rows, summed per window and part, prorated into each stage's interval
   * (started_at to started_at + wall_s). A task attempt with any row failed or killed is wasted as
   * a whole, as in docs/energy-tables.md's query of wasted energy.
   */
  private List<EnergySplit.Share> splits(String runId, List<ReportData.Stage> stages) {
    if (!files.exists(warehouse.table(TASK_ENERGY))) {
      return List.of();
    }
    Dataset<Row> rows = table(TASK_ENERGY).where(col("run_id").equalTo(runId));
    // A task attempt's rows share (app_id, task_id); one failed or killed row makes them all
    // wasted.
    WindowSpec attempt = Window.partitionBy("app_id", "task_id");
    Dataset<Row> windows =
        rows.withColumn(
                "wasted", max(col("status").isin("failed", "killed").cast("int")).over(attempt))
            .withColumn(
                "part",
                when(col("kind").equalTo("task").and(col("wasted").equalTo(1)), lit("WASTED"))
                    .when(col("kind").equalTo("task"), lit("TASKS"))
                    .when(col("kind").equalTo("node_other"), lit("NODE_OTHER"))
                    .otherwise(lit("OVERHEAD")))
            .groupBy("window_start_ms", "window_end_ms", "part")
            .agg(sum("energy_j").as("energy_j"));
    List<EnergySplit.Window> list = new ArrayList<>();
    for (Row r : windows.collectAsList()) {
      list.add(
          new EnergySplit.Window(
              r.<Long>getAs("window_start_ms"),
              r.<Long>getAs("window_end_ms"),
              EnergySplit.Part.valueOf(r.getAs("part")),
              r.<Double>getAs("energy_j")));
    }
    if (list.isEmpty()) {
      return List.of();
    }
    List<EnergySplit.Interval> intervals = new ArrayList<>();
    for (ReportData.Stage s : stages) {
      long start = Instant.parse(s.startedAt()).toEpochMilli();
      intervals.add(
          new EnergySplit.Interval(s.stage(), start, start + Math.round(s.wallS() * 1000)));
    }
    return EnergySplit.split(intervals, list);
  }

  private List<ReportData.Round> rounds(String runId) {
    List<ReportData.Round> rounds = new ArrayList<>();
    if (!files.exists(warehouse.table(TrainingRoundsTable.SCHEMA.name()))) {
      return rounds;
    }
    for (Row r :
        table(TrainingRoundsTable.SCHEMA.name())
            .where(col("run_id").equalTo(runId))
            .orderBy("round")
            .collectAsList()) {
      rounds.add(
          new ReportData.Round(
              r.<Integer>getAs("round"),
              r.<Double>getAs("train_loss"),
              r.getAs("validation_accuracy"),
              r.getAs("energy_j")));
    }
    return rounds;
  }

  /**
   * The trials of the latest tuning run in tuning_trials: the one whose runs row started last, runs
   * without a runs row after those with one, then by run_date and run_id, latest first. Null when
   * the table is absent or empty.
   */
  private ReportData.Tuning tuning(Dataset<Row> runs) {
    if (!files.exists(warehouse.table(TUNING_TRIALS))) {
      return null;
    }
    Dataset<Row> trials = table(TUNING_TRIALS);
    List<Row> latest =
        trials
            .select("run_id", "run_date")
            .distinct()
            .join(runs.select("run_id", "started_at"), "run_id", "left")
            .orderBy(
                col("started_at").desc_nulls_last(), col("run_date").desc(), col("run_id").desc())
            .limit(1)
            .collectAsList();
    if (latest.isEmpty()) {
      return null;
    }
    String runId = latest.get(0).getAs("run_id");
    List<TuningTrial> list = new ArrayList<>();
    for (Row r : trials.where(col("run_id").equalTo(runId)).orderBy("trial").collectAsList()) {
      list.add(
          new TuningTrial(
              r.<Integer>getAs("trial"),
              r.getAs("settings"),
              r.<Double>getAs("target_accuracy"),
              r.<Boolean>getAs("reached"),
              r.<Double>getAs("accuracy"),
              r.getAs("energy_to_accuracy_j"),
              r.getAs("time_to_accuracy_s"),
              r.<Double>getAs("energy_j"),
              r.<Double>getAs("wall_s"),
              r.<Double>getAs("co2e_g"),
              r.<Integer>getAs("rounds"),
              r.<Boolean>getAs("stopped_early"),
              r.<Boolean>getAs("pareto"),
              r.<Boolean>getAs("recommended"),
              r.getAs("notes")));
    }
    return new ReportData.Tuning(runId, list);
  }

  private LatestComparison latest(Dataset<Row> runs, String modelName) {
    String version = new ModelRegistry(files, warehouse.models()).latest(modelName).orElse(null);
    return new LatestComparison(modelName, version, version == null ? null : runRow(runs, version));
  }

  private static ReportData.Run runRow(Dataset<Row> runs, String runId) {
    List<Row> one = runs.where(col("run_id").equalTo(runId)).collectAsList();
    return one.isEmpty() ? null : run(one.get(0));
  }

  private static ReportData.Run run(Row r) {
    return new ReportData.Run(
        r.getAs("run_id"),
        r.getAs("run_date"),
        r.getAs("started_at"),
        r.getAs("status"),
        r.<Double>getAs("wall_s"),
        r.<Double>getAs("energy_kwh"),
        r.<Double>getAs("co2e_g"),
        r.<Boolean>getAs("estimated"),
        r.getAs("region"),
        r.getAs("fp32_accuracy"),
        r.getAs("int8_accuracy"),
        r.getAs("fp32_bytes"),
        r.getAs("int8_bytes"),
        r.getAs("embodied_co2e_g"),
        r.getAs("water_l"),
        r.getAs("embodied_default"),
        optional(r, "earlier_attempts_energy_j"),
        optional(r, "earlier_attempts_co2e_g"));
  }

  /** A column of newer rows, null where every row read predates it (the merged schema lacks it). */
  private static Double optional(Row r, String column) {
    return Arrays.asList(r.schema().fieldNames()).contains(column) ? r.<Double>getAs(column) : null;
  }
}
