package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * train.energy-budget-kwh stops training at the last round that fits, says so, and records the
 * reason with the run; training_rounds holds the energy of every round that ran; a resumed training
 * counts the energy of the rounds before it against the budget; training resumed from the
 * checkpoint gives the same model as an uninterrupted run; and a checkpoint is not resumed under a
 * config that changes the model.
 */
class EnergyBudgetRunTest {

  @Test
  @Timeout(300)
  void aTinyBudgetStopsAfterTheFirstRoundAndTheRunSaysWhy(@TempDir Path warehouse)
      throws Exception {
    String[] common = {
      "--run-id", "budget",
      "--conf", "run.warehouse=" + warehouse,
      "--conf", "data.source=../data-samples",
      "--conf", "spark.master=local[2]",
      "--conf", "augment.copies=0",
      "--conf", "energy.powercap-root=" + warehouse.resolve("no-powercap"),
      "--conf", "energy.sample-interval-ms=250",
      "--conf", "train.rounds=3",
      "--conf", "train.local-steps=50",
      "--conf", "train.checkpoint-every=1",
      "--conf", "train.energy-budget-kwh=0.0000001"
    };
    Cli augment = Cli.run(concat("augment", common));
    assertThat(augment.exitCode()).as(augment.err()).isZero();

    Cli train = Cli.run(concat("train", common));

    assertThat(train.exitCode()).as(train.err()).isZero();
    assertThat(train.out())
        .contains("predicted training energy: ")
        .contains("energy budget: stopped after 1 of 3 rounds");
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet rounds =
          st.executeQuery(
              "SELECT count(*), min(energy_j), max(rounds_planned) FROM read_parquet('"
                  + warehouse
                  + "/tables/training_rounds/**/*.parquet', hive_partitioning = true)"
                  + " WHERE run_id = 'budget'");
      rounds.next();
      assertThat(rounds.getInt(1)).isEqualTo(1);
      assertThat(rounds.getDouble(2)).isPositive();
      assertThat(rounds.getInt(3)).isEqualTo(3);
      ResultSet run =
          st.executeQuery(
              "SELECT notes FROM read_parquet('"
                  + warehouse
                  + "/tables/runs/**/*.parquet', hive_partitioning = true)");
      run.next();
      assertThat(run.getString(1)).startsWith("train: energy budget: stopped after 1 of 3 rounds");
    }

    // Resumed under the same budget, the energy of round 1 still counts: round 2 is the last.
    Cli budgeted = Cli.run(concat("train", withResume(common)));
    assertThat(budgeted.exitCode()).as(budgeted.err()).isZero();
    assertThat(budgeted.out())
        .contains("resuming training from round 2 of 3")
        .contains("energy budget: stopped after 2 of 3 rounds");

    // Resume without the budget: round 3 runs from the round-2 checkpoint, and the model equals
    // that of an uninterrupted run with the same seed, bit for bit.
    String[] noBudget = common.clone();
    noBudget[noBudget.length - 1] = "train.energy-budget-kwh=0";
    Cli resumed = Cli.run(concat("train", withResume(noBudget)));
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("resuming training from round 3 of 3").contains("round 3/3");

    // A config that would train another model is refused, naming what changed.
    String[] otherRate = Arrays.copyOf(noBudget, noBudget.length + 2);
    otherRate[noBudget.length] = "--conf";
    otherRate[noBudget.length + 1] = "train.learning-rate=0.01";
    Cli otherConfig = Cli.run(concat("train", withResume(otherRate)));
    assertThat(otherConfig.exitCode()).as(otherConfig.err()).isEqualTo(2);
    assertThat(otherConfig.err())
        .contains(
            "Cannot resume run budget from checkpoint of round 3: it was written under another"
                + " config (train.learning-rate 0.05 -> 0.01); run without --resume to start"
                + " afresh");

    String[] other = noBudget.clone();
    other[1] = "straight";
    assertThat(Cli.run(concat("augment", other)).exitCode()).isZero();
    Cli straight = Cli.run(concat("train", other));
    assertThat(straight.exitCode()).as(straight.err()).isZero();

    assertThat(Files.readAllBytes(warehouse.resolve("runs/budget/model/model-fp32.gtm")))
        .isEqualTo(Files.readAllBytes(warehouse.resolve("runs/straight/model/model-fp32.gtm")));
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet rounds =
          st.executeQuery(
              "SELECT list(round ORDER BY round) FROM read_parquet('"
                  + warehouse
                  + "/tables/training_rounds/**/*.parquet', hive_partitioning = true)"
                  + " WHERE run_id = 'budget'");
      rounds.next();
      assertThat(rounds.getString(1)).isEqualTo("[0, 1, 2]");
    }
  }

  @Test
  void resumingWithoutACheckpointIsAClearError(@TempDir Path warehouse) {
    Cli cli =
        Cli.run(
            "train",
            "--resume",
            "none",
            "--conf",
            "run.warehouse=" + warehouse,
            "--conf",
            "spark.master=local[1]");

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err()).contains("no augmented data at");
  }

  /** The options with "--run-id X" replaced by "--resume X". */
  private static String[] withResume(String[] options) {
    String[] out = options.clone();
    out[0] = "--resume";
    return out;
  }

  private static String[] concat(String command, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = command;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
