package org.greentrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DropoutMasksTest {

  @Test
  void dropsTheRateAndScalesTheRestToKeepTheExpectation() {
    float[] mask = new DropoutMasks(0.3, 42, 0, 0).next(100_000);

    int zeros = 0;
    double sum = 0;
    for (float m : mask) {
      if (m == 0f) {
        zeros++;
      } else {
        assertThat(m).isEqualTo((float) (1 / 0.7));
      }
      sum += m;
    }
    assertThat(zeros / 100_000.0).isBetween(0.29, 0.31);
    assertThat(sum / mask.length).isBetween(0.98, 1.02);
  }

  @Test
  void masksDependOnlyOnSeedRoundPartitionAndCallOrder() {
    DropoutMasks a = new DropoutMasks(0.5, 7, 3, 1);
    DropoutMasks retry = new DropoutMasks(0.5, 7, 3, 1);
    float[] first = a.next(64);

    assertThat(retry.next(64)).containsExactly(first);
    assertThat(a.next(64)).isNotEqualTo(first);
    assertThat(new DropoutMasks(0.5, 7, 3, 2).next(64)).isNotEqualTo(first);
    assertThat(new DropoutMasks(0.5, 7, 4, 1).next(64)).isNotEqualTo(first);
  }

  @Test
  void rateOutsideTheOpenUnitIntervalIsRefused() {
    assertThatThrownBy(() -> new DropoutMasks(1.0, 1, 0, 0))
        .hasMessage("Invalid dropout rate: 1.0 (above 0, below 1)");
  }
}
