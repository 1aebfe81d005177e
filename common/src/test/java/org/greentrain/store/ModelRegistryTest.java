package org.greentrain.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
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
  void aFailedPublishLeavesTheEarlierVersionAndNoStagingBehind(@TempDir Path dir)
      throws Exception {
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
}
