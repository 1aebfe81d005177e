package org.greentrain.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Checks the committed Fashion-MNIST sample in {@code data-samples/} at the repository root. */
class DataSampleTest {

  private static final Path SAMPLE = Path.of("..", "data-samples");

  @Test
  void trainSplitHas600ImagesPerClass() {
    assertThat(classCounts("train")).containsOnly(600);
  }

  @Test
  void testSplitHas100ImagesPerClass() {
    assertThat(classCounts("test")).containsOnly(100);
  }

  private static int[] classCounts(String split) {
    LabeledImages images =
        IdxReader.read(
            FashionMnistFiles.images(SAMPLE, split), FashionMnistFiles.labels(SAMPLE, split), 10);
    assertThat(images.rows()).isEqualTo(28);
    assertThat(images.cols()).isEqualTo(28);
    int[] counts = new int[10];
    for (int i = 0; i < images.count(); i++) {
      counts[images.label(i)]++;
    }
    return counts;
  }
}
