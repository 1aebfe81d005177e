package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's {@code class:} network through the CLI: trained, int8-quantized and pruned like the
 * others, stated in the manifest by its factory class; structured pruning and a class that is no
 * factory are one-line user errors naming the key.
 */
class UserModelRunTest {

  private static List<String> options(Path warehouse, String runId, String model, String... extra) {
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
                "--conf", "train.model=" + model,
                "--conf", "train.rounds=3",
                "--conf", "train.local-steps=20",
                "--conf", "compress.fine-tune-rounds=1"));
    for (String e : extra) {
      o.add("--conf");
      o.add(e);
    }
    return o;
  }

  private static Cli cli(String command, List<String> options) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(options);
    return Cli.run(all.toArray(String[]::new));
  }

  @Test
  @Timeout(400)
  void aUserNetworkTrainsCompressesAndIsStatedInTheManifest(@TempDir Path warehouse)
      throws Exception {
    String model = "class:" + UserNet.class.getName();
    List<String> o = options(warehouse, "own", model, "compress.variants=[int8, \"prune-50\"]");

    Cli run = cli("run", o);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .doesNotContain("batch normalisation folded")
        .containsPattern("int8: accuracy [4-9][0-9]\\.[0-9]{2}%")
        .containsPattern("prune-50: accuracy [4-9][0-9]\\.[0-9]{2}%");
    JsonNode manifest =
        new ObjectMapper().readTree(warehouse.resolve("runs/own/model/manifest.json").toFile());
    assertThat(manifest.path("model").path("architecture").asText()).isEqualTo("class");
    assertThat(manifest.path("model").path("factoryClass").asText())
        .isEqualTo(UserNet.class.getName());

    Cli structured =
        cli("compress", options(warehouse, "own", model, "compress.variants=[int8, struct-50]"));
    assertThat(structured.exitCode()).isEqualTo(2);
    assertThat(structured.err())
        .contains(
            "Cannot compress with variant struct-50 (compress.variants): structured pruning"
                + " supports the cnn, mlp, resnet and mobilenet, not the "
                + model
                + " of train.model; use prune-NN or int8 variants");
  }

  @Test
  @Timeout(300)
  void aClassThatIsNoFactoryIsAUserErrorNamingTheKey(@TempDir Path warehouse) {
    List<String> o = options(warehouse, "bad", "class:java.lang.String");
    assertThat(cli("augment", o).exitCode()).isZero();

    Cli train = cli("train", o);

    assertThat(train.exitCode()).isEqualTo(2);
    assertThat(train.err())
        .contains(
            "Invalid train.model: class:java.lang.String: it does not implement"
                + " org.greentrain.model.ModelFactory");
  }
}
