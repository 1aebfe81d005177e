package org.greentrain.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CompressionReportTest {

  @Test
  void ratioIsOriginalOverCompressed() {
    CompressionReport report = new CompressionReport("int8-per-channel", 4_000, 1_000);

    assertThat(report.ratio()).isCloseTo(4.0, within(1e-12));
  }

  @Test
  void ratioBelowOneWhenTheVariantIsLarger() {
    assertThat(new CompressionReport("bloated", 100, 400).ratio()).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void rejectsNonPositiveSizes() {
    assertThatThrownBy(() -> new CompressionReport("int8", 0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid original size for variant int8: 0 bytes");
    assertThatThrownBy(() -> new CompressionReport("int8", 10, -3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid compressed size for variant int8: -3 bytes");
  }

  @Test
  void rejectsBlankVariant() {
    assertThatThrownBy(() -> new CompressionReport(" ", 10, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid compression variant name:  ");
  }
}
