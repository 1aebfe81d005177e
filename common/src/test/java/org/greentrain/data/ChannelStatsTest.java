package org.greentrain.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ChannelStatsTest {

  @Test
  void meanAndPopulationStdOnTheUnitScalePerChannel() {
    // Two RGB images of 1x2 pixels. Red: 0, 255, 255, 255 -> mean 0.75, std sqrt(0.1875).
    // Green: 51 everywhere -> mean 0.2, std 0 (then 1). Blue: 0, 0, 255, 255 -> mean 0.5, std 0.5.
    byte[] pixels = {
      0, (byte) 255, 51, 51, 0, 0, (byte) 255, (byte) 255, 51, 51, (byte) 255, (byte) 255
    };
    LabeledImages images = new LabeledImages(3, 1, 2, pixels, new byte[] {0, 1});

    Normalize n = ChannelStats.of(images).normalize();

    assertThat(n.mean(0)).isCloseTo(0.75f, within(1e-7f));
    assertThat(n.std(0)).isCloseTo((float) Math.sqrt(0.1875), within(1e-7f));
    assertThat(n.mean(1)).isCloseTo(0.2f, within(1e-7f));
    assertThat(n.std(1)).isEqualTo(1f);
    assertThat(n.mean(2)).isCloseTo(0.5f, within(1e-7f));
    assertThat(n.std(2)).isCloseTo(0.5f, within(1e-7f));
  }

  @Test
  void thePartsSumToTheWholeExactlyInAnyOrder() {
    byte[] pixels = new byte[5 * 16];
    new java.util.Random(3).nextBytes(pixels);
    LabeledImages all = new LabeledImages(1, 4, 4, pixels, new byte[5]);
    LabeledImages first =
        new LabeledImages(1, 4, 4, java.util.Arrays.copyOf(pixels, 32), new byte[2]);
    LabeledImages rest =
        new LabeledImages(1, 4, 4, java.util.Arrays.copyOfRange(pixels, 32, 80), new byte[3]);

    ChannelStats whole = ChannelStats.of(all);

    assertThat(ChannelStats.of(rest).plus(ChannelStats.of(first))).isEqualTo(whole);
    assertThat(ChannelStats.empty(1).plus(whole)).isEqualTo(whole);
    assertThat(whole.pixelsPerChannel()).isEqualTo(80);
  }
}
