package org.greentrain.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.greentrain.testing.Allocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounds on what {@link VerifiedModel#load} reads before it has checked anything. */
class VerifiedModelTest {

  private final Configuration hadoop = new Configuration();

  @Test
  void aHugeManifestIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
    Path model = Files.write(dir.resolve("model-fp32.gtm"), new byte[100]);
    writeManifest(dir, 100, "x".repeat(4 << 20));
    String url = model.toUri().toString();
    warmUp(dir);

    Allocations.Outcome<VerifiedModel> o =
        Allocations.measure(() -> VerifiedModel.load(url, hadoop));

    assertThat(o.thrown())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load model "
                + url
                + ": its manifest file:"
                + dir.resolve("manifest.json")
                + " has "
                + Files.size(dir.resolve("manifest.json"))
                + " bytes, which exceeds the limit of 1048576 bytes");
    assertThat(o.allocatedBytes()).isLessThan(2 * Allocations.MIB);
  }

  @Test
  void aModelFileLargerThanItsManifestSaysIsRefusedBeforeItIsRead(@TempDir Path dir)
      throws Exception {
    Path model = Files.write(dir.resolve("model-fp32.gtm"), new byte[8 << 20]);
    writeManifest(dir, 100, "");
    String url = model.toUri().toString();
    warmUp(dir);

    Allocations.Outcome<VerifiedModel> o =
        Allocations.measure(() -> VerifiedModel.load(url, hadoop));

    assertThat(o.thrown())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load model "
                + url
                + ": it has 8388608 bytes, its manifest file:"
                + dir.resolve("manifest.json")
                + " says 100 (truncated or replaced)");
    assertThat(o.allocatedBytes()).isLessThan(2 * Allocations.MIB);
  }

  @Test
  void aModelFileOverTheFormatsLimitIsRefusedUnreadEvenIfItsManifestAgrees(@TempDir Path dir)
      throws Exception {
    long bytes = 2L << 30;
    Path model = dir.resolve("model-fp32.gtm");
    // A sparse file: 2 GiB long, no disk blocks.
    try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(model.toFile(), "rw")) {
      file.setLength(bytes);
    }
    writeManifest(dir, bytes, "");
    String url = model.toUri().toString();
    warmUp(dir);

    Allocations.Outcome<VerifiedModel> o =
        Allocations.measure(() -> VerifiedModel.load(url, hadoop));

    assertThat(o.thrown())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load model "
                + url
                + ": it has 2147483648 bytes, which exceeds the limit of 1610612746 bytes for a"
                + " model file");
    assertThat(o.allocatedBytes()).isLessThan(2 * Allocations.MIB);
  }

  /** Hadoop's local file system and Jackson load once per JVM; that is no cost of a refusal. */
  private void warmUp(Path dir) throws Exception {
    Path other = Files.createDirectories(dir.resolve("warm-up"));
    Files.write(other.resolve("model-fp32.gtm"), new byte[100]);
    writeManifest(other, 100, "");
    try {
      VerifiedModel.load(other.resolve("model-fp32.gtm").toUri().toString(), hadoop);
    } catch (IllegalArgumentException expected) {
      // The manifest's hash is not the file's; only the loading machinery mattered.
      assertThat(expected).hasMessageEndingWith("(altered)");
    }
  }

  private static void writeManifest(Path dir, long bytes, String padding) throws Exception {
    Map<String, Object> manifest =
        Map.of(
            "model",
            Map.of("architecture", "mlp", "rows", 28, "cols", 28, "classes", 4),
            "files",
            List.of(Map.of("name", "model-fp32.gtm", "bytes", bytes, "sha256", "00")),
            "padding",
            padding);
    Files.writeString(
        dir.resolve("manifest.json"),
        com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .build()
            .writeValueAsString(manifest));
  }
}
