package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * train.energy-budget-kwh stops training at the last round that fits, says so, and records the
 * reason with the run; training_rounds holds the energy of every round that ran.
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
      "--conf", "train.energy-budget-kwh=0.0000001"};
    Cli augment = Cli.run(concat("augment", common));
    assertThat(augment.exitCode()).as(augment.err()).isZero();

    Cli train = Cli.run(concat("train", common));

    assertThat(train.exitCode()).as(train.err()).isZero();
    assertThat(train.out())
        .contains("predicted training energy: ")
        .contains("energy budget: stopped after 1 of 3 rounds");
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet rounds = st.executeQuery(
          "SELECT count(*), min(energy_j), max(rounds_planned) FROM read_parquet('" + warehouse
              + "/tables/training_rounds/**/*.parquet', hive_partitioning = true)"
              + " WHERE run_id = 'budget'");
      rounds.next();
      assertThat(rounds.getInt(1)).isEqualTo(1);
      assertThat(rounds.getDouble(2)).isPositive();
      assertThat(rounds.getInt(3)).isEqualTo(3);
      ResultSet run = st.executeQuery(
          "SELECT notes FROM read_parquet('" + warehouse
              + "/tables/runs/**/*.parquet', hive_partitioning = true)");
      run.next();
      assertThat(run.getString(1)).startsWith("train: energy budget: stopped after 1 of 3 rounds");
    }
  }

  private static String[] concat(String command, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = command;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
