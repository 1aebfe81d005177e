package org.greentrain.energy.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which outputs the writer handles with java.nio, and which it leaves to Hadoop's file systems. */
class TableFilesTest {

  @Test
  void fileUrisArePathsOnThisMachine() {
    assertThat(TableFiles.localPath("file:/data/energy", "hdfs://nn:8020"))
        .isEqualTo(Path.of("/data/energy"));
    assertThat(TableFiles.localPath("file:///data/energy", "hdfs://nn:8020"))
        .isEqualTo(Path.of("/data/energy"));
    assertThat(TableFiles.localPath("FILE:/data/a b", "file:///")).isEqualTo(Path.of("/data/a b"));
  }

  @Test
  void aPathWithoutSchemeIsLocalOnlyWhereHadoopsDefaultFileSystemIs() {
    assertThat(TableFiles.localPath("/data/energy", "file:///")).isEqualTo(Path.of("/data/energy"));
    assertThat(TableFiles.localPath("energy/out", "file:///")).isEqualTo(Path.of("energy/out"));
    assertThat(TableFiles.localPath("/data/energy", "hdfs://nn:8020")).isNull();
  }

  @Test
  void otherSchemesAndFileUrisWithAHostGoToHadoop() {
    assertThat(TableFiles.localPath("hdfs://nn:8020/warehouse", "file:///")).isNull();
    assertThat(TableFiles.localPath("s3a://bucket/energy", "file:///")).isNull();
    assertThat(TableFiles.localPath("file://otherhost/data", "file:///")).isNull();
  }
}
