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
 * A small resnet through every stage from the CLI: trained normalised, folded, int8-quantized and
 * pruned with fine-tuning, evaluated, and loadable from its manifest alone.
 *
 * <p>One training shard: with two, this run's loss turned NaN in 4 of 4 runs with resident shard
 * models and again once with models built afresh every round (docs/training.md, "Model zoo", known
 * issue).
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
            // One shard: two-shard zoo training still diverges now and then (docs/training.md).
            "augment.shards=1",
            "--conf",
            "energy.powercap-root=" + warehouse.resolve("no-powercap"),
            "--conf",
            "energy.sample-interval-ms=250",
            "--conf",
            "train.model=resnet",
            "--conf",
            "train.depth=8",
            "--conf",
            "train.widths=[8, 16, 32]",
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
        .isEqualTo(new ModelSpec("resnet", 1, 28, 28, 10, List.of(8, 16, 32), false, 8, 1.0, null));
  }
}
