package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * train.optimize = energy across two nightly runs: the first trains the configured settings, the
 * second explores the untried candidate, which cannot reach the target and is stopped by the cost
 * limit the first run set; each choice is in the output and runs.notes, and the chosen settings are
 * the run's recorded config.
 */
class OptimizeRunTest {

  private static List<String> args(String command, Path warehouse, String runId) {
    return SmallMlpRun.args(
        command,
        warehouse,
        runId,
        "train.rounds=6",
        "train.local-steps=20",
        "train.target-accuracy=0.6",
        "train.optimize=energy",
        "tune.beta=1",
        "tune.max-power-w=50",
        "tune.candidates=[{\"train.learning-rate\": 0.00001}]");
  }

  private static Cli night(Path warehouse, String runId) {
    Cli augment = Cli.run(args("augment", warehouse, runId).toArray(String[]::new));
    assertThat(augment.exitCode()).as(augment.err()).isZero();
    Cli train = Cli.run(args("train", warehouse, runId).toArray(String[]::new));
    assertThat(train.exitCode()).as(train.err()).isZero();
    return train;
  }

  @Test
  @Timeout(400)
  void theFirstRunTrainsTheConfiguredSettingsTheNextExploresAndIsStoppedByTheCostLimit(
      @TempDir Path warehouse) throws Exception {
    Cli first = night(warehouse, "night-1");
    assertThat(first.out())
        .contains(
            "train.optimize = energy: no earlier training with any of the settings: the"
                + " configured settings; no cost limit");
    assertThat(first.out()).contains("target accuracy: validation accuracy ");

    Cli second = night(warehouse, "night-2");
    assertThat(second.out())
        .containsPattern(
            "train\\.optimize = energy: settings 2 of 2 \\{learning-rate=1\\.0E-5\\}, explored"
                + " \\(settings 2 not tried yet\\) from 1 earlier trainings; cost limit \\d+ J"
                + " \\(tune\\.beta 1\\.0 x least known \\d+ J\\) \\(decided when run night-2"
                + " started\\)")
        .contains("cost limit: stopped after ");

    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet runs =
          st.executeQuery(
              "SELECT run_id, reached_target, notes,"
                  + " json_extract(config_json, '$.train.\"learning-rate\"')::DOUBLE"
                  + " FROM read_parquet('"
                  + warehouse
                  + "/tables/runs/**/*.parquet', hive_partitioning = true) ORDER BY run_id");
      runs.next();
      assertThat(runs.getString(1)).isEqualTo("night-1");
      assertThat(runs.getBoolean(2)).isTrue();
      assertThat(runs.getString(3))
          .startsWith(
              "train: train.optimize = energy: no earlier training with any of the settings");
      assertThat(runs.getDouble(4)).isEqualTo(0.05);
      runs.next();
      assertThat(runs.getString(1)).isEqualTo("night-2");
      assertThat(runs.getBoolean(2)).isFalse();
      assertThat(runs.getString(3))
          .startsWith("train: train.optimize = energy: settings 2 of 2")
          .contains("explored")
          .contains("; cost limit: stopped after ");
      assertThat(runs.getDouble(4)).as("the chosen settings are the run's config").isEqualTo(1e-5);

      ResultSet rounds =
          st.executeQuery(
              "SELECT count(*) FROM read_parquet('"
                  + warehouse
                  + "/tables/training_rounds/**/*.parquet', hive_partitioning = true)"
                  + " WHERE run_id = 'night-2'");
      rounds.next();
      assertThat(rounds.getLong(1)).as("stopped before its 6 rounds").isLessThan(6);
    }
    assertThat(Files.readString(warehouse.resolve("runs/night-2/optimize.json")))
        .contains("\"explored\" : true")
        .contains("\"train.learning-rate\" : 1.0E-5");
  }
}
