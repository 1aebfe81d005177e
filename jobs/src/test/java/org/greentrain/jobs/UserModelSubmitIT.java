package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's {@code class:} network shipped as the README says: its own jar passed with {@code
 * spark-submit --jars} next to the shaded GreenTrain jar, in a separate JVM through Spark's own
 * SparkSubmit. The network is found, trained, quantized, evaluated and stated in the manifest. Runs
 * under failsafe, after {@code package} has built the jar.
 */
class UserModelSubmitIT {

  @Test
  @Timeout(600)
  void aNetworkFromAJarPassedWithJarsRunsThroughEveryStage(@TempDir Path dir) throws Exception {
    Path userJar = EnergyPluginSubmitTest.jarOf(UserNet.class, dir.resolve("user-net.jar"));
    Path warehouse = dir.resolve("warehouse");
    Path log = dir.resolve("submit.log");

    List<String> command = EnergyPluginSubmitTest.sparkSubmit("-Dai.djl.offline=true");
    command.addAll(
        List.of(
            "--master",
            "local[2]",
            "--class",
            GreenTrain.class.getName(),
            "--jars",
            userJar.toString(),
            "--conf",
            "spark.ui.enabled=false",
            System.getProperty("greentrain.test.jar"),
            "run",
            "--run-id",
            "own",
            "--conf",
            "run.warehouse=" + warehouse,
            "--conf",
            "data.source=" + Path.of("../data-samples").toAbsolutePath().normalize(),
            "--conf",
            "augment.copies=0",
            "--conf",
            "energy.powercap-root=" + dir.resolve("no-powercap"),
            "--conf",
            "train.model=class:" + UserNet.class.getName(),
            "--conf",
            "train.rounds=2",
            "--conf",
            "train.local-steps=20",
            "--conf",
            "compress.variants=[int8]",
            "--conf",
            "compress.fine-tune-rounds=0"));
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    assertThat(p.waitFor(540, TimeUnit.SECONDS)).as("finished in time").isTrue();

    String out = Files.readString(log);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).containsPattern("int8: accuracy [1-9][0-9]\\.[0-9]{2}%");
    JsonNode manifest =
        new ObjectMapper().readTree(warehouse.resolve("runs/own/model/manifest.json").toFile());
    assertThat(manifest.path("model").path("factoryClass").asText())
        .isEqualTo(UserNet.class.getName());
    assertThat(warehouse.resolve("tables/evaluations")).isDirectory();
  }
}
