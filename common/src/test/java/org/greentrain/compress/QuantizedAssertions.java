package org.greentrain.compress;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on quantized models shared by the codec tests. */
final class QuantizedAssertions {

  private QuantizedAssertions() {}

  /** Same tensors in the same order: names, shapes, granularity, codes, scales and values. */
  static void assertSameTensors(QuantizedModel actual, QuantizedModel expected) {
    assertThat(actual.tensors()).hasSameSizeAs(expected.tensors());
    for (int i = 0; i < expected.tensors().size(); i++) {
      QuantizedTensor e = expected.tensors().get(i);
      QuantizedTensor a = actual.tensors().get(i);
      assertThat(a.name()).isEqualTo(e.name());
      assertThat(a.shape()).isEqualTo(e.shape());
      assertThat(a.granularity()).isEqualTo(e.granularity());
      assertThat(a.codes()).isEqualTo(e.codes());
      assertThat(a.scales()).isEqualTo(e.scales());
      assertThat(a.values()).isEqualTo(e.values());
    }
  }
}
