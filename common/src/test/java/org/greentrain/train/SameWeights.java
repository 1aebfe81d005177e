package org.greentrain.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.greentrain.model.ModelWeights;
import org.greentrain.model.NamedTensor;

/** Bit-for-bit comparison of weights (records with arrays compare arrays by reference). */
final class SameWeights {

  private SameWeights() {}

  static boolean same(ModelWeights a, ModelWeights b) {
    if (a.tensors().size() != b.tensors().size()) {
      return false;
    }
    for (int i = 0; i < a.tensors().size(); i++) {
      NamedTensor x = a.tensors().get(i);
      NamedTensor y = b.tensors().get(i);
      if (!x.name().equals(y.name()) || !java.util.Arrays.equals(x.values(), y.values())) {
        return false;
      }
    }
    return true;
  }

  static void assertSame(ModelWeights actual, ModelWeights expected) {
    for (int i = 0; i < expected.tensors().size(); i++) {
      NamedTensor e = expected.tensors().get(i);
      assertThat(actual.tensors().get(i).values()).as(e.name()).containsExactly(e.values());
    }
    assertThat(actual.tensors()).hasSameSizeAs(expected.tensors());
  }
}
