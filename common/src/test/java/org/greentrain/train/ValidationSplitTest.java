package org.greentrain.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ValidationSplitTest {

  @Test
  void holdsOutTheFractionOfEveryClassDependingOnlyOnSeedAndIds() {
    int n = 1000;
    long[] ids = new long[n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = 5000 + i;
      // Uneven classes: 0 has 100 records, 1 has 300, 2 has 600.
      labels[i] = i < 100 ? 0 : i < 400 ? 1 : 2;
    }

    Set<Long> held = ValidationSplit.heldOut(ids, labels, 0.05, 42);

    assertThat(held).hasSize(5 + 15 + 30);
    assertThat(held.stream().filter(id -> id < 5100)).hasSize(5);
    assertThat(held.stream().filter(id -> id >= 5100 && id < 5400)).hasSize(15);
    // Same records in any order; another seed picks others.
    long[] reversedIds = new long[n];
    int[] reversedLabels = new int[n];
    for (int i = 0; i < n; i++) {
      reversedIds[i] = ids[n - 1 - i];
      reversedLabels[i] = labels[n - 1 - i];
    }
    assertThat(ValidationSplit.heldOut(reversedIds, reversedLabels, 0.05, 42)).isEqualTo(held);
    assertThat(ValidationSplit.heldOut(ids, labels, 0.05, 43)).isNotEqualTo(held);
  }

  @Test
  void fractionZeroHoldsOutNothing() {
    assertThat(ValidationSplit.heldOut(new long[] {1, 2}, new int[] {0, 1}, 0, 1)).isEmpty();
  }
}
