package org.greentrain.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

  private final ImageDecoder strict = new ImageDecoder(28, 28, false);

  @Test
  void grayPngDecodesToItsExactPixels() {
    byte[] px = EncodedImages.grayPixels(28, 28, 5);

    DecodedImage d = strict.decode(EncodedImages.grayPng(px, 28, 28));

    assertThat(d.isRejected()).isFalse();
    assertThat(d.pixels()).isEqualTo(px);
  }

  @Test
  void colourBecomesLumaWithBt601Weights() {
    // 0.299 * 200 + 0.587 * 100 + 0.114 * 50 = 124.2 -> 124
    DecodedImage d = strict.decode(EncodedImages.rgb(28, 28, 0xC86432, "png"));

    assertThat(d.pixels()).hasSize(784).containsOnly((byte) 124);
  }

  @Test
  void jpegDecodesToTheConfiguredSizeCloseToItsPixels() {
    byte[] px = new byte[784];
    Arrays.fill(px, (byte) 90);

    DecodedImage d = strict.decode(EncodedImages.grayJpeg(px, 28, 28));

    assertThat(d.pixels()).hasSize(784);
    for (byte b : d.pixels()) {
      assertThat(b & 0xff).isBetween(88, 92);
    }
  }

  @Test
  void wrongSizeIsRejectedUnlessResizingIsOn() {
    byte[] png = EncodedImages.rgb(56, 42, 0x808080, "png");

    assertThat(strict.decode(png).rejectReason())
        .isEqualTo(
            "size 42x56 (width x height), expected 28x28 (set data.resize = true to resize)");
    DecodedImage resized = new ImageDecoder(28, 28, true).decode(png);
    assertThat(resized.pixels()).hasSize(784).containsOnly((byte) 128);
  }

  @Test
  void resizingHalvesAGradientByAveragingNeighbours() {
    // 1 row of 4 pixels 0, 100, 200, 250 -> 2 pixels sampled at x = 0.5 and 2.5.
    byte[] out = ImageDecoder.resize(new byte[] {0, 100, (byte) 200, (byte) 250}, 1, 4, 1, 2);

    assertThat(out[0] & 0xff).isEqualTo(50);
    assertThat(out[1] & 0xff).isEqualTo(225);
  }

  @Test
  void bytesThatAreNoImageAreRejectedWithTheReason() {
    assertThat(strict.decode("hello".getBytes()).rejectReason())
        .isEqualTo("not a PNG or JPEG image");
    assertThat(strict.decode(new byte[0]).rejectReason()).isEqualTo("empty image bytes");
    byte[] png = EncodedImages.grayPng(new byte[784], 28, 28);
    byte[] truncated = Arrays.copyOf(png, 20);
    assertThat(strict.decode(truncated).rejectReason()).startsWith("cannot decode");
  }
}
