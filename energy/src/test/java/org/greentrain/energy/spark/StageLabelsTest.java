package org.greentrain.energy.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StageLabelsTest {

  @Test
  void safeLabelsPassAndUnlabelledStaysEmpty() {
    assertThat(StageLabels.of("train")).isEqualTo("train");
    assertThat(StageLabels.of("")).isEmpty();
    assertThat(StageLabels.of(null)).isEmpty();
  }

  @Test
  void labelsThatWouldClimbOutOfTheirPartitionAreFiledApart() {
    assertThat(StageLabels.of("..")).isEqualTo("invalid-label");
    assertThat(StageLabels.of("../../etc")).isEqualTo("invalid-label");
    assertThat(StageLabels.of("a/b")).isEqualTo("invalid-label");
  }
}
