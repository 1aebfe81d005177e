package org.greentrain.jobs.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.greentrain.error.UserError;
import org.greentrain.store.Warehouse;
import org.greentrain.store.WarehouseFiles;

/**
 * What a report shows, read from the tables: the stages of one run and the recent runs.
 *
 * @param stages the run's rows of stage_energy, in pipeline order
 * @param trend the last runs of the runs table, oldest first; includes {@code run}
 * @param variants the run's rows of evaluations, largest file first; empty if it was not evaluated
 */
record ReportData(
    Run run, List<Stage> stages, List<Run> trend, List<CompressionReportPage.Point> variants) {

  /**
   * One stage_energy row; energy in J, CO2e and embodied CO2e in g, water in L (the last two null
   * in rows written before they were recorded).
   */
  record Stage(
      String stage, double wallS, double energyJ, double co2eG, Double embodiedG, Double waterL) {}

  /**
   * One runs row; accuracies and sizes are null where the run did not get that far, embodied CO2e
   * (g), water (L) and whether the embodied figure is the default hardware's where the row predates
   * them.
   */
  record Run(
      String runId,
      String runDate,
      String startedAt,
      String status,
      double energyKwh,
      double co2eG,
      Double fp32Accuracy,
      Double int8Accuracy,
      Long fp32Bytes,
      Long int8Bytes,
      Double embodiedG,
      Double waterL,
      Boolean embodiedDefault) {}

  /**
   * @param runId the run to detail, or null for the newest
   * @param last how many runs the trend covers
   */
  static ReportData read(
      SparkSession spark, Warehouse warehouse, WarehouseFiles files, String runId, int last) {
    if (!files.exists(warehouse.table("runs"))) {
      throw new UserError(
          "Cannot write a report: no runs table at "
              + warehouse.table("runs")
              + "; run `greentrain run` first");
    }
    // Merged, so that rows written before a column was added read back with it null.
    Dataset<Row> runs =
        spark.read().option("mergeSchema", "true").parquet(warehouse.table("runs").toString());
    List<Run> newestFirst = new ArrayList<>();
    for (Row r : runs.orderBy(functions.col("started_at").desc()).limit(last).collectAsList()) {
      newestFirst.add(run(r));
    }
    Run run;
    if (runId == null) {
      run = newestFirst.get(0);
    } else {
      List<Row> one = runs.where(functions.col("run_id").equalTo(runId)).collectAsList();
      if (one.isEmpty()) {
        throw new UserError(
            "Cannot write a report for run " + runId + ": it is not in " + warehouse.table("runs"));
      }
      run = run(one.get(0));
    }
    List<Stage> stages = new ArrayList<>();
    for (Row r :
        spark
            .read()
            .option("mergeSchema", "true")
            .parquet(warehouse.table("stage_energy").toString())
            .where(functions.col("run_id").equalTo(run.runId()))
            .orderBy("stage_order")
            .collectAsList()) {
      stages.add(
          new Stage(
              r.getAs("stage"),
              r.<Double>getAs("wall_s"),
              r.<Double>getAs("energy_j"),
              r.<Double>getAs("co2e_g"),
              r.<Double>getAs("embodied_co2e_g"),
              r.<Double>getAs("water_l")));
    }
    List<Run> trend = new ArrayList<>(newestFirst);
    Collections.reverse(trend);
    return new ReportData(run, stages, trend, variants(spark, warehouse, files, run.runId()));
  }

  private static List<CompressionReportPage.Point> variants(
      SparkSession spark, Warehouse warehouse, WarehouseFiles files, String runId) {
    return files.exists(warehouse.table("evaluations"))
        ? CompressionReportPage.read(spark, warehouse, runId)
        : List.of();
  }

  private static Run run(Row r) {
    return new Run(
        r.getAs("run_id"),
        r.getAs("run_date"),
        r.getAs("started_at"),
        r.getAs("status"),
        r.<Double>getAs("energy_kwh"),
        r.<Double>getAs("co2e_g"),
        r.getAs("fp32_accuracy"),
        r.getAs("int8_accuracy"),
        r.getAs("fp32_bytes"),
        r.getAs("int8_bytes"),
        r.getAs("embodied_co2e_g"),
        r.getAs("water_l"),
        r.getAs("embodied_default"));
  }
}
