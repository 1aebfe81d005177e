package org.greentrain.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistFilesTest {

  @TempDir Path dir;

  @Test
  void mapsSplitsAndKindsToStandardNames() {
    assertThat(FashionMnistFiles.baseName("train", "images")).isEqualTo("train-images-idx3-ubyte");
    assertThat(FashionMnistFiles.baseName("train", "labels")).isEqualTo("train-labels-idx1-ubyte");
    assertThat(FashionMnistFiles.baseName("test", "images")).isEqualTo("t10k-images-idx3-ubyte");
    assertThat(FashionMnistFiles.baseName("test", "labels")).isEqualTo("t10k-labels-idx1-ubyte");
  }

  @Test
  void prefersGzippedName() {
    Set<String> present = Set.of("t10k-labels-idx1-ubyte", "t10k-labels-idx1-ubyte.gz");

    assertThat(FashionMnistFiles.find(present::contains, "test", "labels"))
        .contains("t10k-labels-idx1-ubyte.gz");
  }

  @Test
  void fallsBackToRawName() {
    Set<String> present = Set.of("train-images-idx3-ubyte", "t10k-images-idx3-ubyte.gz");

    assertThat(FashionMnistFiles.find(present::contains, "train", "images"))
        .contains("train-images-idx3-ubyte");
    assertThat(FashionMnistFiles.find(present::contains, "train", "labels")).isEmpty();
  }

  @Test
  void resolvesFilesInADirectory() throws IOException {
    Files.createFile(dir.resolve("train-images-idx3-ubyte"));
    Files.createFile(dir.resolve("train-images-idx3-ubyte.gz"));
    Files.createFile(dir.resolve("t10k-labels-idx1-ubyte"));

    assertThat(FashionMnistFiles.images(dir, "train"))
        .isEqualTo(dir.resolve("train-images-idx3-ubyte.gz"));
    assertThat(FashionMnistFiles.labels(dir, "test"))
        .isEqualTo(dir.resolve("t10k-labels-idx1-ubyte"));
  }

  @Test
  void missingFileErrorNamesDirectoryAndExpectedNames() throws IOException {
    // A directory with the right name is not a data file.
    Files.createDirectory(dir.resolve("t10k-images-idx3-ubyte.gz"));

    assertThatThrownBy(() -> FashionMnistFiles.images(dir, "test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot find test images in "
                + dir
                + ": expected t10k-images-idx3-ubyte.gz or t10k-images-idx3-ubyte");
  }

  @Test
  void rejectsUnknownSplit() {
    assertThatThrownBy(() -> FashionMnistFiles.labels(dir, "validation"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid split: validation (expected train or test)");
  }

  @Test
  void rejectsUnknownKind() {
    assertThatThrownBy(() -> FashionMnistFiles.find(name -> true, "train", "masks"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid kind: masks (expected images or labels)");
  }
}
