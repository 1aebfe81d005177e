package org.greentrain.data.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.parquet.io.PositionOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalOutputFileTest {

  @Test
  void createMakesTheParentsCountsTheBytesAndNeverOverwrites(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("shard=1/part-00000.snappy.parquet");
    LocalOutputFile out = new LocalOutputFile(file);

    try (PositionOutputStream s = out.create(0)) {
      s.write(new byte[] {1, 2, 3, 4, 5}, 1, 3);
      s.write(9);
      assertThat(s.getPos()).isEqualTo(4);
    }

    assertThat(Files.readAllBytes(file)).containsExactly(2, 3, 4, 9);
    assertThatThrownBy(() -> out.create(0))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void createOrOverwriteReplacesAnOlderFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("f.parquet");
    Files.write(file, new byte[100]);

    try (PositionOutputStream s = new LocalOutputFile(file).createOrOverwrite(0)) {
      s.write(7);
    }

    assertThat(Files.readAllBytes(file)).containsExactly(7);
  }
}
