package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The claim the README makes: on the same machine, the same config and seed give the same model,
 * byte for byte. Two trainings of the default architecture (the cnn), kept tiny, into two
 * warehouses.
 */
class SameModelTest {

  @Test
  void theSameConfigAndSeedOnTheSameMachineGiveTheSameModelBytes(
      @TempDir Path first, @TempDir Path second) throws Exception {
    byte[] a = trainInto(first);
    byte[] b = trainInto(second);

    // The cnn's fp32 file is about 834 KB; the mlp's 101,770 parameters could not fill 500 KB.
    assertThat(a).as("a cnn, not the mlp the shared arguments name").hasSizeGreaterThan(500_000);
    // Equal arrays here mean equal SHA-256 sums in the manifests and the models table.
    assertThat(b).as("fp32 model of the second run").isEqualTo(a);
  }

  private static byte[] trainInto(Path warehouse) throws Exception {
    for (String stage : List.of("augment", "train")) {
      Cli c = Cli.run(PipelineEndToEndTest.args(warehouse, stage, "same", tinyCnn()));
      assertThat(c.exitCode()).as(stage + ": " + c.err()).isZero();
    }
    return Files.readAllBytes(warehouse.resolve("runs/same/model/model-fp32.gtm"));
  }

  /** The default cnn, one round of a few local steps: enough to move every weight. */
  private static String[] tinyCnn() {
    return new String[] {
      "--conf", "train.model=cnn", "--conf", "train.rounds=1", "--conf", "train.local-steps=5"
    };
  }
}
