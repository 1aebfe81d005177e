package org.greentrain.infer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EvaluationCountsTest {

  @Test
  void accuracyOverallAndPerClassFromMergedPartitions() {
    EvaluationCounts a = EvaluationCounts.empty(3);
    a.add(0, 0);
    a.add(0, 1);
    a.add(1, 1);
    EvaluationCounts b = EvaluationCounts.empty(3);
    b.add(1, 1);
    b.add(2, 0);

    EvaluationCounts all = a.merge(b);

    assertThat(all.total()).isEqualTo(5);
    assertThat(all.correct()).isEqualTo(3);
    assertThat(all.accuracy()).isEqualTo(0.6);
    assertThat(all.classAccuracy(0)).isEqualTo(0.5);
    assertThat(all.classAccuracy(1)).isEqualTo(1.0);
    assertThat(all.classAccuracy(2)).isEqualTo(0.0);
    assertThat(all.matrix()[2][0]).isEqualTo(1);
  }
}
