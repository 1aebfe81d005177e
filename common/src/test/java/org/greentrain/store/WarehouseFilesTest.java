package org.greentrain.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehouseFilesTest {

  @Test
  void aWriterThatFailsLeavesTheOldFileAndNoTemporaryFile(@TempDir Path dir) throws Exception {
    Path target = Files.writeString(dir.resolve("report.json"), "old");
    WarehouseFiles files = new WarehouseFiles(new Configuration());
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(target.toUri());

    assertThatThrownBy(
            () ->
                files.writeAtomically(
                    p,
                    out -> {
                      out.write("half".getBytes(StandardCharsets.UTF_8));
                      throw new IOException("disk full");
                    }))
        .hasMessage("Failed to write " + p)
        .hasRootCauseMessage("disk full");

    assertThat(target).hasContent("old");
    try (var listing = Files.list(dir)) {
      assertThat(listing.map(f -> f.getFileName().toString()))
          .allMatch(n -> n.equals("report.json") || n.equals(".report.json.crc"));
    }
  }

  @Test
  void writesReplaceAtomically(@TempDir Path dir) throws IOException {
    WarehouseFiles files = new WarehouseFiles(new Configuration());
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(dir.resolve("x").toUri());

    files.writeAtomically(p, out -> out.write(1));
    files.writeAtomically(p, out -> out.write(new byte[] {2, 3}));

    assertThat(files.readAll(p)).containsExactly(2, 3);
    // The replacement's own checksum, so a verifying reader accepts it.
    assertThat(dir.resolve(".x.crc")).exists();
    try (var listing = Files.list(dir)) {
      assertThat(listing.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("x", ".x.crc");
    }
  }
}
