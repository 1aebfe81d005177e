package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
