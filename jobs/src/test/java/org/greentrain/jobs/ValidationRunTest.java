package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.ModelWeightsCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training with Adam and a validation split: the validation accuracy of every round reaches the
 * progress line and training_rounds; early stopping ends training with its reason recorded in the
 * run and keeps the best round's weights; and a training interrupted after a round and resumed
 * gives the model of an uninterrupted one bit for bit, moments and best round included.
 */
class ValidationRunTest {

  private static List<String> options(Path warehouse, String runId, String... extra) {
    List<String> o =
        new ArrayList<>(
            List.of(
                "--run-id", runId,
                "--conf", "run.warehouse=" + warehouse,
                "--conf", "data.source=../data-samples",
                "--conf", "spark.master=local[2]",
                "--conf", "augment.copies=0",
                "--conf", "energy.powercap-root=" + warehouse.resolve("no-powercap"),
                "--conf", "energy.sample-interval-ms=250",
                "--conf", "train.model=mlp",
                "--conf", "train.optimizer=adam",
                "--conf", "train.learning-rate=0.002",
                "--conf", "train.validation-fraction=0.1",
                "--conf", "train.rounds=3",
                "--conf", "train.local-steps=20",
                "--conf", "train.checkpoint-every=1"));
    for (String e : extra) {
      o.add("--conf");
      o.add(e);
    }
    return o;
  }

  private static Cli run(String command, List<String> options) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(options);
    Cli cli = Cli.run(all.toArray(String[]::new));
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    return cli;
  }

  @Test
  @Timeout(300)
  void earlyStoppingSaysWhyInTheRunAndKeepsTheBestWeights(@TempDir Path warehouse)
      throws Exception {
    // A gain of half the accuracy is never reached: the first round stays best.
    List<String> o =
        options(
            warehouse,
            "early",
            "train.early-stopping-patience=1",
            "train.early-stopping-min-delta=0.49");
    run("augment", o);

    Cli train = run("train", o);

    assertThat(train.out())
        .contains("validation split: 600 records held out of training")
        .containsPattern("round 1/3: loss [0-9.]+, validation accuracy 0\\.[0-9]{4}, lr")
        .contains(
            "early stopping: validation accuracy did not improve by at least 0.49 for 1"
                + " rounds after round 1")
        .doesNotContain("round 3/3");
    Path runDir = warehouse.resolve("runs/early");
    assertThat(Files.readAllBytes(runDir.resolve("model/model-fp32.gtm")))
        .as("the kept model is the best round's")
        .isEqualTo(Files.readAllBytes(runDir.resolve("checkpoints/round-2/best.gtm")));
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet rounds =
          st.executeQuery(
              "SELECT count(*), min(validation_accuracy), max(validation_accuracy) FROM read_parquet('"
                  + warehouse
                  + "/tables/training_rounds/**/*.parquet', hive_partitioning = true)");
      rounds.next();
      assertThat(rounds.getInt(1)).isEqualTo(2);
      assertThat(rounds.getDouble(2)).isGreaterThan(0.3);
      assertThat(rounds.getDouble(3)).isLessThanOrEqualTo(1.0);
      ResultSet notes =
          st.executeQuery(
              "SELECT notes FROM read_parquet('"
                  + warehouse
                  + "/tables/runs/**/*.parquet', hive_partitioning = true)");
      notes.next();
      assertThat(notes.getString(1)).startsWith("train: early stopping: validation accuracy");
    }
  }

  @Test
  @Timeout(300)
  void batchNormIsFoldedSoEveryLaterStageSeesThePlainNetwork(@TempDir Path warehouse)
      throws Exception {
    List<String> o = options(warehouse, "bn", "train.batch-norm=true");

    Cli run = run("run", o);

    // The mlp (784-128-10) has 101,770 parameters; the normalisation adds 4 x 128.
    assertThat(run.out())
        .containsPattern("round 3/3: loss [0-9.]+, validation accuracy 0\\.[0-9]{4}, lr")
        .contains(
            "batch normalisation folded into the layers before it: 101770 parameters,"
                + " 102282 before")
        .containsPattern("fp32: accuracy [6-9][0-9]\\.[0-9]{2}%")
        .containsPattern("int8: accuracy [6-9][0-9]\\.[0-9]{2}%");
    try (InputStream in = Files.newInputStream(warehouse.resolve("runs/bn/model/model-fp32.gtm"))) {
      ModelWeights fp32 = ModelWeightsCodec.read(in, "model-fp32.gtm");
      assertThat(fp32.tensors()).hasSize(4);
      assertThat(fp32.parameterCount()).isEqualTo(101_770);
    }

    List<String> withoutBatchNorm = new ArrayList<>(List.of("train"));
    withoutBatchNorm.addAll(options(warehouse, "bn"));
    withoutBatchNorm.set(1, "--resume");
    Cli resumed = Cli.run(withoutBatchNorm.toArray(String[]::new));
    assertThat(resumed.exitCode()).isNotZero();
    assertThat(resumed.err())
        .contains(
            "Cannot resume run bn from checkpoint of round 3: it was written under another"
                + " config (train.batch-norm true -> false); run without --resume to start"
                + " afresh");
  }

  @Test
  @Timeout(300)
  void adamWithValidationResumesBitIdentical(@TempDir Path warehouse) throws Exception {
    List<String> budget = options(warehouse, "cut", "train.energy-budget-kwh=0.0000001");
    run("augment", budget);
    Cli first = run("train", budget);
    assertThat(first.out()).contains("energy budget: stopped after 1 of 3 rounds");

    List<String> resume = options(warehouse, "cut", "train.energy-budget-kwh=0");
    resume.set(0, "--resume");
    Cli resumed = run("train", resume);
    assertThat(resumed.out()).contains("resuming training from round 2 of 3").contains("round 3/3");

    List<String> straight = options(warehouse, "straight");
    run("augment", straight);
    run("train", straight);

    assertThat(Files.readAllBytes(warehouse.resolve("runs/cut/model/model-fp32.gtm")))
        .isEqualTo(Files.readAllBytes(warehouse.resolve("runs/straight/model/model-fp32.gtm")));
  }
}
