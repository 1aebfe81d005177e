package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.greentrain.infer.ModelLoader;
import org.greentrain.infer.VerifiedModel;
import org.greentrain.model.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small resnet through every stage from the CLI, on two shards with executor-resident models:
 * trained normalised, folded, int8-quantized and pruned with fine-tuning, evaluated, and loadable
 * from its manifest alone. Its widths are multiples of 16: with 8 channels the engine's gradients
 * were wrong and this run diverged at random (docs/training.md, "Engine check").
 */
class ZooRunTest {

  @Test
  @Timeout(600)
  void aResnetRunsThroughEveryStageAndLoadsFromItsManifest(@TempDir Path warehouse) {
    Cli run =
        Cli.run(
            "run",
            "--run-id",
            "zoo",
            "--conf",
            "run.warehouse=" + warehouse,
            "--conf",
            "data.source=../data-samples",
            "--conf",
            "spark.master=local[2]",
            "--conf",
            "augment.copies=0",
            "--conf",
            "augment.shards=2",
            "--conf",
            "energy.powercap-root=" + warehouse.resolve("no-powercap"),
            "--conf",
            "energy.sample-interval-ms=250",
            "--conf",
            "train.model=resnet",
            "--conf",
            "train.depth=8",
            "--conf",
            "train.widths=[16, 16, 32]",
            "--conf",
            "train.rounds=3",
            "--conf",
            "train.local-steps=20",
            "--conf",
            "compress.variants=[int8, \"prune-50+int8\"]",
            "--conf",
            "compress.fine-tune-rounds=1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("batch normalisation folded into the layers before it:")
        .containsPattern("fp32: accuracy [4-9][0-9]\\.[0-9]{2}%")
        .containsPattern("int8: accuracy [4-9][0-9]\\.[0-9]{2}%")
        .containsPattern("prune-50\\+int8: accuracy [3-9][0-9]\\.[0-9]{2}%");

    VerifiedModel model =
        new ModelLoader(
                warehouse.resolve("runs/zoo/model/model-int8.gtm").toUri().toString(), "PyTorch")
            .load();
    assertThat(model.spec())
        .isEqualTo(
            new ModelSpec("resnet", 1, 28, 28, 10, List.of(16, 16, 32), false, 8, 1.0, null));
  }

  @Test
  @Timeout(300)
  void onAvx512ANetworkTheEngineGetsWrongIsRefusedBeforeTraining(@TempDir Path warehouse)
      throws java.io.IOException {
    org.assertj.core.api.Assumptions.assumeThat(
            java.nio.file.Files.readString(Path.of("/proc/cpuinfo")))
        .contains("avx512f");
    Cli run =
        Cli.run(
            "run",
            "--run-id",
            "narrow",
            "--conf",
            "run.warehouse=" + warehouse,
            "--conf",
            "data.source=../data-samples",
            "--conf",
            "spark.master=local[1]",
            "--conf",
            "augment.copies=0",
            "--conf",
            "energy.powercap-root=" + warehouse.resolve("no-powercap"),
            "--conf",
            "train.model=resnet",
            "--conf",
            "train.depth=8",
            "--conf",
            "train.widths=[24, 32, 64]");

    assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
    assertThat(run.err())
        .contains("Invalid train.model: resnet: layer ")
        .contains("24 to 24 channels, 3x3")
        .contains("use channel counts that are multiples of 16");
    assertThat(warehouse.resolve("runs/narrow/model")).doesNotExist();
  }
}
