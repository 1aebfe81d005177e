package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * train.target-accuracy: training stops at the first round whose validation accuracy reaches the
 * target, and the runs table holds the energy and time to it; a target that is not reached is noted
 * with how far short training stayed; impossible targets are refused by name.
 */
class TargetAccuracyRunTest {

  private static List<String> options(Path warehouse, String runId, String target, int rounds) {
    return List.of(
        "--run-id", runId,
        "--conf", "run.warehouse=" + warehouse,
        "--conf", "data.source=../data-samples",
        "--conf", "spark.master=local[2]",
        "--conf", "augment.copies=0",
        "--conf", "train.model=mlp",
        "--conf", "energy.powercap-root=" + warehouse.resolve("no-powercap"),
        "--conf", "energy.sample-interval-ms=250",
        "--conf", "train.rounds=" + rounds,
        "--conf", "train.local-steps=20",
        "--conf", "train.validation-fraction=0.1",
        "--conf", "train.target-accuracy=" + target);
  }

  private static Cli run(String command, List<String> options) {
    List<String> args = new ArrayList<>();
    args.add(command);
    args.addAll(options);
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  @Timeout(300)
  void trainingStopsAtTheTargetAndTheRunRecordsEnergyAndTimeToIt(@TempDir Path warehouse)
      throws Exception {
    List<String> reach = options(warehouse, "reach", "0.6", 8);
    assertThat(run("augment", reach).exitCode()).isZero();
    Cli train = run("train", reach);
    assertThat(train.exitCode()).as(train.err()).isZero();
    assertThat(train.out()).contains("target accuracy: validation accuracy ");

    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet rounds =
          st.executeQuery(
              "SELECT list(validation_accuracy ORDER BY round), sum(wall_s), sum(energy_j)"
                  + " FROM read_parquet('"
                  + warehouse
                  + "/tables/training_rounds/**/*.parquet', hive_partitioning = true)");
      rounds.next();
      List<Double> accuracies = new ArrayList<>();
      for (Object a : (Object[]) rounds.getArray(1).getArray()) {
        accuracies.add(((Number) a).doubleValue());
      }
      double wall = rounds.getDouble(2);
      double roundJoules = rounds.getDouble(3);
      assertThat(accuracies).as("stopped before the planned 8 rounds").hasSizeLessThan(8);
      assertThat(accuracies.get(accuracies.size() - 1)).isGreaterThanOrEqualTo(0.6);
      assertThat(accuracies.subList(0, accuracies.size() - 1)).allMatch(a -> a < 0.6);

      ResultSet runs =
          st.executeQuery(
              "SELECT r.target_accuracy, r.reached_target, r.energy_to_accuracy_j,"
                  + " r.time_to_accuracy_s, s.energy_j, r.notes FROM read_parquet('"
                  + warehouse
                  + "/tables/runs/**/*.parquet', hive_partitioning = true) r JOIN read_parquet('"
                  + warehouse
                  + "/tables/stage_energy/**/*.parquet', hive_partitioning = true) s"
                  + " USING (run_id) WHERE s.stage = 'train'");
      runs.next();
      assertThat(runs.getDouble(1)).isEqualTo(0.6);
      assertThat(runs.getBoolean(2)).isTrue();
      assertThat(runs.getDouble(3))
          .as("energy to accuracy: every round's energy, within the train stage's")
          .isGreaterThanOrEqualTo(0.99 * roundJoules)
          .isLessThanOrEqualTo(runs.getDouble(5));
      assertThat(runs.getDouble(4)).isCloseTo(wall, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(runs.getString(6)).contains("train: target accuracy: validation accuracy");
      // The notes tell the energy the row's column holds, not the one known when training
      // stopped, before its last sampling windows had reached the driver.
      assertThat(runs.getString(6))
          .contains(String.format(Locale.ROOT, ", %.0f J and ", runs.getDouble(3)));
    }
  }

  @Test
  @Timeout(300)
  void aTargetNotReachedSaysHowFarShort(@TempDir Path warehouse) throws Exception {
    List<String> miss = options(warehouse, "miss", "0.999", 2);
    assertThat(run("augment", miss).exitCode()).isZero();
    Cli train = run("train", miss);
    assertThat(train.exitCode()).as(train.err()).isZero();
    assertThat(train.out()).contains("target accuracy 0.999 not reached in 2 rounds");
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet runs =
          st.executeQuery(
              "SELECT reached_target, energy_to_accuracy_j, time_to_accuracy_s, notes FROM"
                  + " read_parquet('"
                  + warehouse
                  + "/tables/runs/**/*.parquet', hive_partitioning = true)");
      runs.next();
      assertThat(runs.getBoolean(1)).isFalse();
      assertThat(runs.getObject(2)).isNull();
      assertThat(runs.getObject(3)).isNull();
      assertThat(runs.getString(4))
          .containsPattern(
              "target accuracy 0\\.999 not reached in 2 rounds: best validation"
                  + " accuracy 0\\.\\d{4}, \\d+\\.\\d{2} points short");
    }
  }

  @Test
  void anImpossibleTargetIsRefusedByName(@TempDir Path warehouse) {
    Cli above = run("train", options(warehouse, "bad", "1.5", 2));
    assertThat(above.exitCode()).isEqualTo(2);
    assertThat(above.err()).contains("train.target-accuracy").contains("1.5");

    List<String> noValidation = new ArrayList<>(options(warehouse, "bad", "0.9", 2));
    noValidation.addAll(List.of("--conf", "train.validation-fraction=0"));
    Cli unmeasurable = run("train", noValidation);
    assertThat(unmeasurable.exitCode()).isEqualTo(2);
    assertThat(unmeasurable.err())
        .contains("Invalid train.target-accuracy: 0.9 needs a validation split");
  }
}
