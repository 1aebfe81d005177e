package org.greentrain.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.greentrain.testing.Allocations;
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

  @Test
  void aPngDeclaringAHugeSizeIsRejectedFromItsHeaderWithoutDecoding() {
    ImageDecoder resizing = new ImageDecoder(28, 28, true);
    byte[] small = EncodedImages.grayPng(EncodedImages.grayPixels(28, 28, 1), 28, 28);
    byte[] huge = EncodedImages.withPngSize(small, 20_000, 20_000);
    // Warm-up: ImageIO loads its plugins once per JVM, which is no cost of the rejection.
    assertThat(resizing.decode(small).isRejected()).isFalse();

    Allocations.Outcome<DecodedImage> o = Allocations.measure(() -> resizing.decode(huge));

    assertThat(o.thrown()).isNull();
    assertThat(o.value().rejectReason())
        .isEqualTo(
            "size 20000x20000 (width x height): 400000000 pixels exceed the limit of 4194304"
                + " pixels");
    // Decoding would allocate at least one byte per pixel, 400 MB.
    assertThat(o.allocatedBytes()).isLessThan(4 * Allocations.MIB);
  }

  @Test
  void aWrongSizeIsRejectedFromTheHeaderWhenResizingIsOff() {
    byte[] small = EncodedImages.grayPng(EncodedImages.grayPixels(28, 28, 1), 28, 28);
    byte[] wide = EncodedImages.withPngSize(small, 20_000, 2_000);
    assertThat(strict.decode(small).isRejected()).isFalse();

    Allocations.Outcome<DecodedImage> o = Allocations.measure(() -> strict.decode(wide));

    assertThat(o.thrown()).isNull();
    assertThat(o.value().rejectReason())
        .isEqualTo(
            "size 20000x2000 (width x height), expected 28x28 (set data.resize = true to resize)");
    assertThat(o.allocatedBytes()).isLessThan(4 * Allocations.MIB);
  }

  @Test
  void aJpegDeclaringAHugeSizeIsRejectedFromItsHeaderWithoutDecoding() {
    ImageDecoder resizing = new ImageDecoder(28, 28, true);
    byte[] small = EncodedImages.grayJpeg(EncodedImages.grayPixels(28, 28, 1), 28, 28);
    byte[] huge = EncodedImages.withJpegSize(small, 60_000, 60_000);
    assertThat(resizing.decode(small).isRejected()).isFalse();

    Allocations.Outcome<DecodedImage> o = Allocations.measure(() -> resizing.decode(huge));

    assertThat(o.thrown()).isNull();
    assertThat(o.value().rejectReason())
        .isEqualTo(
            "size 60000x60000 (width x height): 3600000000 pixels exceed the limit of 4194304"
                + " pixels");
    assertThat(o.allocatedBytes()).isLessThan(4 * Allocations.MIB);
  }

  @Test
  void imageBytesOverTheFileLimitAreRejectedUnread() {
    byte[] big = Arrays.copyOf(EncodedImages.rgb(28, 28, 0, "png"), (16 << 20) + 1);

    assertThat(strict.decode(big).rejectReason())
        .isEqualTo("file of 16777217 bytes exceeds the limit of 16777216 bytes");
  }

  @Test
  void anImageAtThePixelLimitStillDecodes() {
    // 2048 x 2048 is exactly the limit; one pixel more in a row would be rejected.
    byte[] png = EncodedImages.rgb(2048, 2048, 0x808080, "png");

    assertThat(new ImageDecoder(28, 28, true).decode(png).pixels())
        .hasSize(784)
        .containsOnly((byte) 128);
    assertThat(new ImageDecoder(28, 28, true).decode(EncodedImages.withPngSize(png, 2049, 2048)))
        .extracting(DecodedImage::rejectReason)
        .isEqualTo(
            "size 2049x2048 (width x height): 4196352 pixels exceed the limit of 4194304 pixels");
  }
}
