package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.greentrain.config.ConfigLoader;
import org.greentrain.config.GreenTrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * greentrain tune: trials to the target on the same data, an expensive trial stopped early, the
 * tuning_trials rows, each trial's energy under its own stage label, the recommended file and
 * chart; and the refusals, which come before any Spark work.
 */
class TuneCommandTest {

  private static List<String> args(Path warehouse, String runId, String... more) {
    return SmallMlpRun.args("tune", warehouse, runId, more);
  }

  private static Cli tune(List<String> args) {
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  @Timeout(400)
  void trialsReachTheTargetAnExpensiveOneStopsEarlyAndTheCheapestIsRecommended(
      @TempDir Path warehouse) throws Exception {
    Cli cli =
        tune(
            args(
                warehouse,
                "tune-a",
                "train.target-accuracy=0.6",
                "train.rounds=8",
                "tune.beta=1.5",
                // The second cannot reach 0.6 at this rate: it must be stopped by its limit.
                "tune.candidates=[{\"train.local-steps\": 20},"
                    + " {\"train.local-steps\": 20, \"train.learning-rate\": 0.00001},"
                    + " {\"train.local-steps\": 20, \"train.batch-size\": 32, \"train.shards\": 3}]"));

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out())
        .containsPattern(
            "trial 1/3 \\{local-steps=20\\}: reached 0\\.\\d{4} after \\d rounds?, \\d+ J,"
                + " \\d+\\.\\d s")
        .contains("energy limit of trial 2: 1.5 x ")
        .containsPattern(
            "trial 2/3 \\{learning-rate=1\\.0E-5, local-steps=20\\}: stopped early by its energy"
                + " limit after \\d rounds?")
        // 0.05 x (32 / 64) x (3 / 2)
        .contains("trial 3/3 {batch-size=32, learning-rate=0.0375, local-steps=20, shards=3}: ");
    String last = cli.out().strip().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(last).startsWith("recommended settings: file:");
    Path recommendedFile = Path.of(last.substring("recommended settings: file:".length()));
    assertThat(recommendedFile).isEqualTo(warehouse.resolve("runs/tune-a/tuning/recommended.conf"));

    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      String trials =
          "read_parquet('"
              + warehouse
              + "/tables/tuning_trials/**/*.parquet',"
              + " hive_partitioning = true)";
      ResultSet first =
          st.executeQuery(
              "SELECT reached, accuracy, energy_to_accuracy_j, energy_j, time_to_accuracy_s,"
                  + " wall_s, stopped_early, settings, target_accuracy FROM "
                  + trials
                  + " WHERE trial = 1");
      first.next();
      assertThat(first.getBoolean(1)).isTrue();
      assertThat(first.getDouble(2)).isGreaterThanOrEqualTo(0.6);
      assertThat(first.getDouble(3)).isPositive().isLessThanOrEqualTo(first.getDouble(4));
      assertThat(first.getDouble(5)).isPositive().isLessThanOrEqualTo(first.getDouble(6));
      assertThat(first.getBoolean(7)).isFalse();
      assertThat(first.getString(8)).isEqualTo("{\"train.local-steps\":20}");
      assertThat(first.getDouble(9)).isEqualTo(0.6);

      ResultSet second =
          st.executeQuery(
              "SELECT reached, stopped_early, rounds, energy_to_accuracy_j, notes FROM "
                  + trials
                  + " WHERE trial = 2");
      second.next();
      assertThat(second.getBoolean(1)).isFalse();
      assertThat(second.getBoolean(2)).isTrue();
      assertThat(second.getInt(3)).as("stopped before its 8 rounds").isLessThan(8);
      assertThat(second.getObject(4)).isNull();
      assertThat(second.getString(5)).startsWith("energy budget: stopped after");

      // The Pareto flag and the recommendation, decided again here from the rows.
      ResultSet wrongPareto =
          st.executeQuery(
              "SELECT count(*) FROM "
                  + trials
                  + " a WHERE a.pareto = EXISTS (SELECT 1 FROM "
                  + trials
                  + " b WHERE b.accuracy >= a.accuracy AND b.energy_j <= a.energy_j AND"
                  + " (b.accuracy > a.accuracy OR b.energy_j < a.energy_j))");
      wrongPareto.next();
      assertThat(wrongPareto.getLong(1)).isZero();
      ResultSet recommended =
          st.executeQuery(
              "SELECT trial, settings FROM "
                  + trials
                  + " WHERE recommended AND trial = (SELECT trial FROM "
                  + trials
                  + " WHERE reached ORDER BY energy_to_accuracy_j, time_to_accuracy_s, trial"
                  + " LIMIT 1) AND (SELECT count(*) FROM "
                  + trials
                  + " WHERE recommended) = 1");
      assertThat(recommended.next())
          .as("exactly the cheapest reached trial is recommended")
          .isTrue();
      JsonNode settings = new ObjectMapper().readTree(recommended.getString(2));

      // Each trial's energy is its own stage's row.
      ResultSet stages =
          st.executeQuery(
              "SELECT list(s.stage ORDER BY s.stage), count(*) FILTER (WHERE t.energy_j ="
                  + " s.energy_j) FROM read_parquet('"
                  + warehouse
                  + "/tables/stage_energy/**/*.parquet', hive_partitioning = true) s LEFT JOIN "
                  + trials
                  + " t ON s.stage = 'trial-' || t.trial");
      stages.next();
      assertThat(List.of((Object[]) stages.getArray(1).getArray()))
          .containsExactly("augment", "trial-1", "trial-2", "trial-3", "warm-up");
      assertThat(stages.getLong(2)).isEqualTo(3);

      // Trial 3 trained its rounds on 3 shards dealt from the 2 the augment stage wrote.
      ResultSet shards =
          st.executeQuery(
              "SELECT stage, count(DISTINCT partition_id) FROM read_parquet('"
                  + warehouse
                  + "/tables/task_energy/**/*.parquet', hive_partitioning = true)"
                  + " WHERE kind = 'task' AND stage IN ('trial-1', 'trial-3') GROUP BY stage"
                  + " ORDER BY stage");
      shards.next();
      assertThat(shards.getLong(2)).as("trial-1").isEqualTo(2);
      shards.next();
      assertThat(shards.getLong(2)).as("trial-3").isEqualTo(3);

      // The recommended file loads with --config and trains with the recommended settings.
      GreenTrainConfig loaded = ConfigLoader.load(recommendedFile, Map.of());
      Map<String, Number> expected =
          Map.of(
              "train.local-steps", loaded.train().localSteps(),
              "train.batch-size", loaded.train().batchSize(),
              "train.learning-rate", loaded.train().learningRate(),
              "train.shards", loaded.trainingShards());
      for (Iterator<Map.Entry<String, JsonNode>> it = settings.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        assertThat(expected.get(e.getKey()).doubleValue())
            .as(e.getKey())
            .isEqualTo(e.getValue().asDouble());
      }
    }
    assertThat(warehouse.resolve("tables/task_energy")).isDirectory();
    try (var found = Files.walk(warehouse.resolve("tables/task_energy"))) {
      assertThat(found.map(p -> p.getFileName().toString()))
          .contains("stage=trial-1", "stage=trial-2", "stage=trial-3");
    }
    String svg = Files.readString(warehouse.resolve("runs/tune-a/tuning/tuning.svg"));
    assertThat(svg).startsWith("<svg ").endsWith("</svg>\n");
    assertThat(svg.split("<circle cx=", -1)).hasSize(3 + 1 + 1); // 3 trials, 1 ring
  }

  @Test
  @Timeout(300)
  void whenNoTrialReachesTheTargetTheTrialsAreRecordedAndTheExitCodeIs2(@TempDir Path warehouse)
      throws Exception {
    Cli cli =
        tune(
            args(
                warehouse,
                "tune-miss",
                "train.target-accuracy=0.999",
                "train.rounds=1",
                "tune.candidates=[{\"train.local-steps\": 10}]"));

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err())
        .containsPattern(
            "greentrain: error: Cannot recommend settings: none of the 1 trials reached"
                + " train.target-accuracy 0.999 \\(best validation accuracy 0\\.\\d{4}, trial"
                + " 1\\)");
    assertThat(warehouse.resolve("runs/tune-miss/tuning/recommended.conf")).doesNotExist();
    assertThat(warehouse.resolve("runs/tune-miss/tuning/tuning.svg")).exists();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet rows =
          st.executeQuery(
              "SELECT count(*), bool_or(reached), bool_or(recommended) FROM read_parquet('"
                  + warehouse
                  + "/tables/tuning_trials/**/*.parquet', hive_partitioning = true)");
      rows.next();
      assertThat(rows.getLong(1)).isEqualTo(1);
      assertThat(rows.getBoolean(2)).isFalse();
      assertThat(rows.getBoolean(3)).isFalse();
    }
  }

  @Test
  void badCandidatesAndTargetsAreRefusedByNameBeforeAnythingIsWritten(@TempDir Path warehouse) {
    Cli unknown =
        tune(
            args(
                warehouse,
                "bad",
                "train.target-accuracy=0.8",
                "tune.candidates=[{\"train.batch-sise\": 32}]"));
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err().strip())
        .isEqualTo(
            "greentrain: error: Invalid tune.candidates[0]: unknown knob train.batch-sise (knobs:"
                + " train.batch-size, train.local-steps, train.shards, train.learning-rate,"
                + " train.momentum, train.gpu-power-limit-w, train.task-cpus)");

    Cli empty = tune(args(warehouse, "bad", "train.target-accuracy=0.8"));
    assertThat(empty.exitCode()).isEqualTo(2);
    assertThat(empty.err()).startsWith("greentrain: error: Cannot tune: tune.candidates is empty");

    Cli above = tune(args(warehouse, "bad", "train.target-accuracy=1.5", "tune.candidates=[{}]"));
    assertThat(above.exitCode()).isEqualTo(2);
    assertThat(above.err().strip())
        .isEqualTo("greentrain: error: Invalid train.target-accuracy: 1.5 (between 0.0 and 1.0)");

    Cli none = tune(args(warehouse, "bad", "tune.candidates=[{}]"));
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).startsWith("greentrain: error: Cannot tune: train.target-accuracy is 0");

    // SmallMlpRun trains in local[2] with spark.task.cpus unset (1).
    Cli threads =
        tune(
            args(
                warehouse,
                "bad",
                "train.target-accuracy=0.8",
                "tune.candidates=[{}, {\"train.task-cpus\": 2}]"));
    assertThat(threads.exitCode()).isEqualTo(2);
    assertThat(threads.err().strip())
        .isEqualTo(
            "greentrain: error: Invalid tune.candidates[1]: Cannot train with train.task-cpus 2 in"
                + " local mode (spark.master local[2]): it needs a cluster manager (standalone,"
                + " YARN or Kubernetes) for Spark's stage-level task resources; in local mode set"
                + " spark.task.cpus instead (now 1)");

    assertThat(warehouse.resolve("runs")).doesNotExist();
    assertThat(warehouse.resolve("tables")).doesNotExist();
  }
}
