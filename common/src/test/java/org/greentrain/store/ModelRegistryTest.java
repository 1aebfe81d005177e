package org.greentrain.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.greentrain.testing.Allocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

  private static org.apache.hadoop.fs.Path hadoop(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri());
  }

  @Test
  void publishesFilesAndAManifestWithSizesAndHashes(@TempDir Path dir) throws Exception {
    Path a = Files.writeString(dir.resolve("a.bin"), "abc");
    WarehouseFiles files = new WarehouseFiles(new Configuration());
    ModelRegistry registry = new ModelRegistry(files, hadoop(dir.resolve("models")));

    registry.publish("m", "v1", Map.of("model.gtm", hadoop(a)), Map.of("run_id", "r1"));

    Path version = dir.resolve("models/m/v1");
    assertThat(version.resolve("model.gtm")).hasContent("abc");
    JsonNode manifest = Json.mapper().readTree(version.resolve("manifest.json").toFile());
    assertThat(manifest.get("run_id").asText()).isEqualTo("r1");
    JsonNode file = manifest.get("files").get(0);
    assertThat(file.get("bytes").asLong()).isEqualTo(3);
    // sha256("abc")
    assertThat(file.get("sha256").asText())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void aFailedPublishLeavesTheEarlierVersionAndNoStagingBehind(@TempDir Path dir) throws Exception {
    Path a = Files.writeString(dir.resolve("a.bin"), "first");
    WarehouseFiles files = new WarehouseFiles(new Configuration());
    ModelRegistry registry = new ModelRegistry(files, hadoop(dir.resolve("models")));
    registry.publish("m", "v1", Map.of("model.gtm", hadoop(a)), Map.of());
    Map<String, org.apache.hadoop.fs.Path> broken = new LinkedHashMap<>();
    broken.put("model.gtm", hadoop(a));
    broken.put("missing.gtm", hadoop(dir.resolve("does-not-exist")));

    assertThatThrownBy(() -> registry.publish("m", "v1", broken, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does-not-exist")
        .hasMessageContaining("not found");

    assertThat(dir.resolve("models/m/v1/model.gtm")).hasContent("first");
    assertThat(dir.resolve("models/m/v1/missing.gtm")).doesNotExist();
    try (var listing = Files.list(dir.resolve("models/m"))) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("v1");
    }
  }

  @Test
  void republishingAVersionReplacesIt(@TempDir Path dir) throws Exception {
    WarehouseFiles files = new WarehouseFiles(new Configuration());
    ModelRegistry registry = new ModelRegistry(files, hadoop(dir.resolve("models")));
    Path old = Files.writeString(dir.resolve("old.bin"), "old");
    Path neu = Files.writeString(dir.resolve("new.bin"), "new");
    registry.publish("m", "v1", Map.of("old.gtm", hadoop(old)), Map.of());

    registry.publish("m", "v1", Map.of("new.gtm", hadoop(neu)), Map.of());

    assertThat(dir.resolve("models/m/v1/new.gtm")).hasContent("new");
    assertThat(dir.resolve("models/m/v1/old.gtm")).doesNotExist();
  }

  @Test
  void latestIsEmptyUntilMovedThenFollowsAndReadsTheManifestAccuracy(@TempDir Path dir)
      throws Exception {
    ModelRegistry registry = registryWith(dir, Map.of("v1", 0.80, "v2", 0.70));

    assertThat(registry.latest("m")).isEmpty();
    assertThat(registry.latestAccuracy("m")).isEmpty();

    registry.moveLatest("m", "v1");
    assertThat(registry.latest("m")).contains("v1");
    assertThat(registry.latestAccuracy("m")).hasValue(0.80);
    assertThat(dir.resolve("models/m/LATEST")).hasContent("v1");

    // Publishing v2 alone does not move LATEST: only the publish stage's gate does.
    assertThat(registry.latest("m")).contains("v1");
    registry.moveLatest("m", "v2");
    assertThat(registry.latest("m")).contains("v2");
    assertThat(registry.latestAccuracy("m")).hasValue(0.70);
  }

  @Test
  void aHugeManifestIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
    ModelRegistry registry = registryWith(dir, Map.of("v1", 0.80));
    registry.moveLatest("m", "v1");
    Path manifest = dir.resolve("models/m/v1/manifest.json");
    // Valid JSON that a parser would take whole: the accuracy, then 4 MiB of padding.
    Files.writeString(
        manifest,
        "{\"metrics\": {\"fp32_accuracy\": 0.8}, \"padding\": \"" + "x".repeat(4 << 20) + "\"}");
    long bytes = Files.size(manifest);
    assertThat(registry.latest("m")).contains("v1");

    Allocations.Outcome<?> o = Allocations.measure(() -> registry.latestAccuracy("m"));

    assertThat(o.thrown())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read "
                + hadoop(manifest)
                + ": manifest of "
                + bytes
                + " bytes exceeds the limit of 1048576 bytes");
    assertThat(o.allocatedBytes()).isLessThan(2 * Allocations.MIB);
  }

  @Test
  void latestCannotPointAtAnUnpublishedVersion(@TempDir Path dir) throws Exception {
    ModelRegistry registry = registryWith(dir, Map.of("v1", 0.80));
    registry.moveLatest("m", "v1");

    assertThatThrownBy(() -> registry.moveLatest("m", "v9"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Cannot move ")
        .hasMessageContaining("LATEST to v9: no published version at ")
        .hasMessageEndingWith("models/m/v9");
    assertThat(registry.latest("m")).contains("v1");
  }

  @Test
  void aCorruptLatestIsReportedWithItsPath(@TempDir Path dir) throws Exception {
    ModelRegistry registry = registryWith(dir, Map.of());
    Files.createDirectories(dir.resolve("models/m"));
    Files.writeString(dir.resolve("models/m/LATEST"), "");

    assertThatThrownBy(() -> registry.latest("m"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Cannot read ")
        .hasMessageEndingWith("models/m/LATEST: not a version ''");
  }

  @Test
  void aReaderNeverSeesAHalfWrittenOrMissingLatest(@TempDir Path dir) throws Exception {
    // The longest names of equal length: a torn write would show up as a prefix or a mix of two.
    String a = "a".repeat(128);
    String b = "b".repeat(128);
    ModelRegistry registry = registryWith(dir, Map.of(a, 0.8, b, 0.8));
    registry.moveLatest("m", a);
    java.util.concurrent.atomic.AtomicBoolean done =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.List<Object> seen =
        java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    Thread reader =
        new Thread(
            () -> {
              while (!done.get()) {
                try {
                  // Never empty: the replace is one rename, not a delete and a rename.
                  seen.add(registry.latest("m").orElse("no LATEST"));
                } catch (RuntimeException e) {
                  seen.add(e);
                }
              }
            });
    reader.start();
    try {
      for (int i = 0; i < 200; i++) {
        registry.moveLatest("m", i % 2 == 0 ? b : a);
      }
    } finally {
      done.set(true);
      reader.join(60_000);
    }

    assertThat(seen).isNotEmpty().allSatisfy(v -> assertThat(v).isIn(a, b));
    assertThat(registry.latest("m")).contains(a);
  }

  /** A registry with versions published under model "m", each with its fp32 accuracy. */
  private static ModelRegistry registryWith(Path dir, Map<String, Double> accuracies)
      throws Exception {
    Path artifact = Files.writeString(dir.resolve("model.bin"), "weights");
    ModelRegistry registry =
        new ModelRegistry(new WarehouseFiles(new Configuration()), hadoop(dir.resolve("models")));
    for (Map.Entry<String, Double> e : accuracies.entrySet()) {
      registry.publish(
          "m",
          e.getKey(),
          Map.of("model.gtm", hadoop(artifact)),
          Map.of("metrics", Map.of("fp32_accuracy", e.getValue())));
    }
    return registry;
  }
}
