package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.greentrain.data.IdxReader;
import org.greentrain.data.IdxWriter;
import org.greentrain.data.LabeledImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MakeSampleCommandTest {

  private static LabeledImages fullSet(int perClass) {
    int n = perClass * 10;
    byte[] pixels = new byte[n * 28 * 28];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (byte) (i % 10);
      pixels[i * 784] = (byte) i;
    }
    return new LabeledImages(28, 28, pixels, labels);
  }

  @Test
  void writesAClassBalancedSliceDeterministically(@TempDir Path dir) throws Exception {
    Path source = Files.createDirectories(dir.resolve("full"));
    IdxWriter.write(
        fullSet(20),
        source.resolve("train-images-idx3-ubyte"),
        source.resolve("train-labels-idx1-ubyte"),
        false);
    IdxWriter.write(
        fullSet(8),
        source.resolve("t10k-images-idx3-ubyte.gz"),
        source.resolve("t10k-labels-idx1-ubyte.gz"),
        true);

    Cli first =
        Cli.run(
            "make-sample",
            "--source",
            source.toString(),
            "--out",
            dir.resolve("a").toString(),
            "--train-per-class",
            "5",
            "--test-per-class",
            "2");
    Cli second =
        Cli.run(
            "make-sample",
            "--source",
            source.toString(),
            "--out",
            dir.resolve("b").toString(),
            "--train-per-class",
            "5",
            "--test-per-class",
            "2");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(second.exitCode()).as(second.err()).isZero();
    LabeledImages train =
        IdxReader.read(
            dir.resolve("a/train-images-idx3-ubyte.gz"),
            dir.resolve("a/train-labels-idx1-ubyte.gz"),
            10);
    LabeledImages test =
        IdxReader.read(
            dir.resolve("a/t10k-images-idx3-ubyte.gz"),
            dir.resolve("a/t10k-labels-idx1-ubyte.gz"),
            10);
    assertThat(train.count()).isEqualTo(50);
    assertThat(test.count()).isEqualTo(20);
    int[] perClass = new int[10];
    for (int i = 0; i < train.count(); i++) {
      perClass[train.label(i)]++;
    }
    assertThat(perClass).containsOnly(5);
    assertThat(Files.readAllBytes(dir.resolve("a/train-images-idx3-ubyte.gz")))
        .isEqualTo(Files.readAllBytes(dir.resolve("b/train-images-idx3-ubyte.gz")));
  }

  @Test
  void aMissingSourceIsAUserError(@TempDir Path dir) {
    Cli cli =
        Cli.run(
            "make-sample",
            "--source",
            dir.resolve("nope").toString(),
            "--out",
            dir.resolve("out").toString());

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err()).startsWith("greentrain: error: ").contains("nope");
  }
}
