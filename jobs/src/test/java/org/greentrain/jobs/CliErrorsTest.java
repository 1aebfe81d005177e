package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliErrorsTest {

  @Test
  void helpListsTheSubcommands() {
    Cli help = Cli.run("--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .contains("run", "augment", "train", "compress", "evaluate", "publish", "make-sample");
  }

  @Test
  void unknownConfigKeyIsOneLineAndExitCode2() {
    Cli cli = Cli.run("run", "--conf", "train.rouds=3");

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err().strip())
        .isEqualTo(
            "greentrain: error: Unknown config key in --conf: train.rouds (see"
                + " conf/application.conf for the known keys)");
  }

  @Test
  void corruptSourceFileIsNamedAndNothingIsWritten(@TempDir Path dir) throws Exception {
    Path source = Files.createDirectories(dir.resolve("source"));
    Files.copy(
        Path.of("../data-samples/train-labels-idx1-ubyte.gz"),
        source.resolve("train-labels-idx1-ubyte.gz"));
    Path badImages = source.resolve("train-images-idx3-ubyte.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(badImages))) {
      out.write(ByteBuffer.allocate(16).putInt(0x00000801).putInt(1).putInt(28).putInt(28).array());
    }
    Path warehouse = dir.resolve("warehouse");

    Cli cli =
        Cli.run(
            "augment",
            "--run-id",
            "bad",
            "--conf",
            "run.warehouse=" + warehouse,
            "--conf",
            "data.source=" + source,
            "--conf",
            "spark.master=local[1]");

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err()).startsWith("greentrain: error: ").contains(badImages.toString());
    assertThat(warehouse.resolve("runs/bad/augmented")).doesNotExist();
    assertThat(warehouse.resolve("runs/bad/stages")).doesNotExist();
    assertThat(warehouse.resolve("tables/stage_energy")).doesNotExist();
    assertThat(warehouse.resolve("tables/runs")).doesNotExist();
    // The failed attempt's energy is still accounted (wasted energy is energy), complete files
    // only.
    if (Files.exists(warehouse.resolve("tables"))) {
      try (var files = Files.walk(warehouse.resolve("tables"))) {
        assertThat(files.map(f -> f.getFileName().toString()))
            .noneMatch(name -> name.contains(".tmp-"));
      }
    }
  }

  @Test
  void threadsPerTaskOtherThanSparkTaskCpusAreRefusedInLocalModeBeforeTheRunStarts(
      @TempDir Path dir) {
    Path warehouse = dir.resolve("warehouse");

    Cli cli =
        Cli.run(
            "run",
            "--run-id",
            "threads",
            "--conf",
            "run.warehouse=" + warehouse,
            "--conf",
            "data.source=../data-samples",
            "--conf",
            "spark.master=local[2]",
            "--conf",
            "train.task-cpus=2");

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err().strip())
        .isEqualTo(
            "greentrain: error: Cannot train with train.task-cpus 2 in local mode (spark.master"
                + " local[2]): it needs a cluster manager (standalone, YARN or Kubernetes) for"
                + " Spark's stage-level task resources; in local mode set spark.task.cpus instead"
                + " (now 1)");
    assertThat(warehouse).as("no run, no tables, no energy rows").doesNotExist();
  }

  @Test
  void aStageWhoseInputIsMissingSaysWhichStageToRunFirst(@TempDir Path dir) {
    Cli cli =
        Cli.run(
            "train",
            "--run-id",
            "r1",
            "--conf",
            "run.warehouse=" + dir,
            "--conf",
            "spark.master=local[1]");

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err())
        .contains("no augmented data at ")
        .contains("run `greentrain augment --run-id r1` first");
  }

  @Test
  void aUserErrorThrownInASparkTaskIsStillOneLineAndExitCode2(@TempDir Path dir) {
    List<String> options =
        List.of(
            "--run-id",
            "r1",
            "--conf",
            "run.warehouse=" + dir,
            "--conf",
            "data.source=../data-samples",
            "--conf",
            "augment.copies=0",
            "--conf",
            "spark.master=local[1]");
    List<String> augment = new ArrayList<>(List.of("augment"));
    augment.addAll(options);
    Cli augmented = Cli.run(augment.toArray(String[]::new));
    assertThat(augmented.exitCode()).as(augmented.err()).isZero();

    // The table holds 28x28 images: at 32x32 the task that decodes a shard rejects its records,
    // and Spark brings that UserError back to the driver as the cause of a SparkException.
    List<String> train = new ArrayList<>(List.of("train"));
    train.addAll(options);
    train.addAll(List.of("--conf", "data.rows=32", "--conf", "data.cols=32"));
    Cli cli = Cli.run(train.toArray(String[]::new));

    assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
    assertThat(cli.err())
        .startsWith("greentrain: error: Invalid augmented record ")
        .endsWith(": 784 bytes of pixels, expected 1024\n")
        .hasLineCount(1);
  }
}
