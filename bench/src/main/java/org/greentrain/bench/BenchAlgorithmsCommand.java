package org.greentrain.bench;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The algorithm lever table (bench/algorithm-lever): reads the runs it is given from a warehouse's
 * tables and prints parameters, FLOPs, training energy and time, accuracy, int8 compression and
 * inference energy side by side.
 */
@Command(
    name = "bench-algorithms",
    mixinStandardHelpOptions = true,
    description =
        "Benchmark table: one line per run (one model each) from a warehouse's evaluations and"
            + " stage_energy tables.")
final class BenchAlgorithmsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--warehouse", required = true, description = "Warehouse of the runs.")
  String warehouse;

  @Option(
      names = "--runs",
      required = true,
      split = ",",
      description = "Run ids, in table order; each run's model is read from its runs row.")
  List<String> runs;

  @Override
  public Integer call() {
    SparkSession spark =
        SparkSession.builder()
            .master("local[1]")
            .appName("bench-algorithms")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    try {
      Dataset<Row> evaluations = spark.read().parquet(warehouse + "/tables/evaluations");
      Dataset<Row> stages = spark.read().parquet(warehouse + "/tables/stage_energy");
      Dataset<Row> runsTable = spark.read().parquet(warehouse + "/tables/runs");
      Dataset<Row> rounds = spark.read().parquet(warehouse + "/tables/training_rounds");
      AlgorithmLeverTable table = new AlgorithmLeverTable();
      for (String run : runs) {
        table.add(line(run, evaluations, stages, runsTable, rounds));
      }
      spec.commandLine().getOut().print(table.markdown());
      spec.commandLine().getOut().flush();
      return 0;
    } finally {
      spark.stop();
    }
  }

  private static AlgorithmLeverTable.Line line(
      String run,
      Dataset<Row> evaluations,
      Dataset<Row> stages,
      Dataset<Row> runsTable,
      Dataset<Row> rounds) {
    Row fp32 = only(evaluations, run, "variant", "fp32");
    Row int8 = only(evaluations, run, "variant", "int8");
    Row train = only(stages, run, "stage", "train");
    EarlierRounds earlier = EarlierRounds.before(train.getAs("started_at"), history(rounds, run));
    String config =
        runsTable
            .filter(col("run_id").equalTo(run))
            .select("config_json")
            .as(Encoders.STRING())
            .first();
    return new AlgorithmLeverTable.Line(
        run,
        modelOf(config),
        fp32.getAs("parameters"),
        fp32.getAs("flops_per_image"),
        train.<Double>getAs("energy_j") + earlier.energyJ(),
        train.<Double>getAs("wall_s") + earlier.wallS(),
        fp32.getAs("accuracy"),
        int8.getAs("compression_ratio"),
        int8.getAs("accuracy"),
        fp32.getAs("inference_j_per_1k_images"),
        int8.getAs("inference_j_per_1k_images"),
        earlier);
  }

  /** The run's training_rounds rows, every round of its model's history. */
  private static List<EarlierRounds.Round> history(Dataset<Row> rounds, String run) {
    return rounds.filter(col("run_id").equalTo(run)).collectAsList().stream()
        .map(
            r ->
                new EarlierRounds.Round(
                    r.getAs("started_at"),
                    r.getAs("wall_s"),
                    r.isNullAt(r.fieldIndex("energy_j"))
                        ? Double.NaN
                        : r.<Double>getAs("energy_j")))
        .toList();
  }

  private static Row only(Dataset<Row> table, String run, String column, String value) {
    List<Row> rows =
        table.filter(col("run_id").equalTo(run).and(col(column).equalTo(value))).collectAsList();
    if (rows.size() != 1) {
      throw new IllegalArgumentException(
          "Expected one row of "
              + column
              + " = "
              + value
              + " for run "
              + run
              + ", found "
              + rows.size());
    }
    return rows.get(0);
  }

  /** train.model from the run's config JSON. */
  static String modelOf(String configJson) {
    try {
      return new ObjectMapper().readTree(configJson).path("train").path("model").asText("?");
    } catch (JsonProcessingException e) {
      return "?";
    }
  }
}
