package org.greentrain.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every op on 3-channel (channel-planar) images: one random draw per image, the same geometry in
 * every plane, each plane as the op transforms a grey image with the same draws.
 */
class MultiChannelAugmentOpsTest {

  private static final int ROWS = 9;
  private static final int COLS = 7;
  private static final int N = ROWS * COLS;

  /** Ops whose per-plane result is exactly the grey result: all but the colour jitter. */
  private static final List<AugmentOp> GEOMETRIC =
      List.of(
          new RandomRotation(40, 0.25f),
          new RandomResizedCrop(0.3, 1, 0.5, 2),
          new HorizontalFlip(0.5),
          new HorizontalFlip(1),
          new RandomErasing(1, 0.1, 0.4, 0.5, 2, 0.75f),
          new Normalize(0.3f, 0.2f));

  private static float[] plane(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] p = new float[N];
    for (int i = 0; i < N; i++) {
      p[i] = (float) r.nextDouble();
    }
    return p;
  }

  private static float[] planes(float[]... ps) {
    float[] out = new float[ps.length * N];
    for (int c = 0; c < ps.length; c++) {
      System.arraycopy(ps[c], 0, out, c * N, N);
    }
    return out;
  }

  private static float[] planeOf(float[] image, int c) {
    return Arrays.copyOfRange(image, c * N, (c + 1) * N);
  }

  private static float[] grey(AugmentOp op, float[] plane, long seed) {
    float[] dst = new float[N];
    op.apply(plane, dst, ROWS, COLS, new SplittableRandom(seed));
    return dst;
  }

  private static float[] rgb(AugmentOp op, float[] image, long seed) {
    float[] dst = new float[image.length];
    op.apply(image, dst, 3, ROWS, COLS, new SplittableRandom(seed));
    return dst;
  }

  @Test
  void eachPlaneIsTransformedAsAGreyImageWithTheSameDraws() {
    float[] r = plane(1);
    float[] g = plane(2);
    float[] b = plane(3);
    for (AugmentOp op : GEOMETRIC) {
      for (long seed = 0; seed < 20; seed++) {
        float[] out = rgb(op, planes(r, g, b), seed);
        assertThat(planeOf(out, 0)).as(op + " seed " + seed).isEqualTo(grey(op, r, seed));
        assertThat(planeOf(out, 1)).as(op + " seed " + seed).isEqualTo(grey(op, g, seed));
        assertThat(planeOf(out, 2)).as(op + " seed " + seed).isEqualTo(grey(op, b, seed));
      }
    }
  }

  @Test
  void equalPlanesStayEqualThroughEveryOpAndTheWholePipeline() {
    float[] p = plane(4);
    List<AugmentOp> all =
        List.of(
            new RandomRotation(40, 0f),
            new RandomResizedCrop(0.3, 1, 0.5, 2),
            new HorizontalFlip(0.5),
            new BrightnessContrast(0.4, 0.4, 0.4),
            new RandomErasing(1, 0.1, 0.4, 0.5, 2, 0.5f),
            new Normalize(0.3f, 0.2f));
    for (AugmentOp op : all) {
      for (long seed = 0; seed < 20; seed++) {
        float[] out = rgb(op, planes(p, p, p), seed);
        assertThat(planeOf(out, 1)).as(op + " seed " + seed).isEqualTo(planeOf(out, 0));
        assertThat(planeOf(out, 2)).as(op + " seed " + seed).isEqualTo(planeOf(out, 0));
      }
    }
    byte[] bytes = new byte[3 * N];
    byte[] one = new byte[N];
    new SplittableRandom(5).nextBytes(one);
    for (int c = 0; c < 3; c++) {
      System.arraycopy(one, 0, bytes, c * N, N);
    }
    float[] out = new AugmentPipeline(all).apply(bytes, 3, ROWS, COLS, 42, 1, 7);
    assertThat(planeOf(out, 1)).isEqualTo(planeOf(out, 0));
    assertThat(planeOf(out, 2)).isEqualTo(planeOf(out, 0));
  }

  @Test
  void greyJitterOfAnRgbImageWithEqualPlanesMatchesTheGreyImage() {
    float[] p = plane(6);
    BrightnessContrast jitter = new BrightnessContrast(0.4, 0.4, 0.4);
    for (long seed = 0; seed < 20; seed++) {
      float[] out = rgb(jitter, planes(p, p, p), seed);
      float[] expected = grey(jitter, p, seed);
      for (int i = 0; i < N; i++) {
        // The luma weights sum to 1 only up to float rounding.
        assertThat(out[i]).isCloseTo(expected[i], within(1e-5f));
      }
    }
  }

  @Test
  void saturationBlendsEachPixelWithItsLumaByTheThirdDraw() {
    float[] image = planes(plane(7), plane(8), plane(9));
    long seed = 11;
    float[] out = rgb(new BrightnessContrast(0, 0, 1), image, seed);

    SplittableRandom draws = new SplittableRandom(seed);
    draws.nextDouble(); // brightness
    draws.nextDouble(); // contrast
    double s = 1 + (2 * draws.nextDouble() - 1);
    for (int i = 0; i < N; i++) {
      double luma = 0.299 * image[i] + 0.587 * image[N + i] + 0.114 * image[2 * N + i];
      for (int c = 0; c < 3; c++) {
        double expected = Math.min(1, Math.max(0, luma + (image[c * N + i] - luma) * s));
        assertThat(out[c * N + i]).isCloseTo((float) expected, within(1e-5f));
      }
    }
  }

  @Test
  void saturationZeroMakesAnImageGrey() {
    // Factor 1 - 1 * (2u - 1) ranges over [0, 2]; find a seed whose draw gives almost 0.
    float[] image = planes(plane(12), plane(13), plane(14));
    BrightnessContrast desaturate = new BrightnessContrast(0, 0, 1);
    long seed = 0;
    while (true) {
      SplittableRandom d = new SplittableRandom(seed);
      d.nextDouble();
      d.nextDouble();
      if (d.nextDouble() < 0.001) {
        break;
      }
      seed++;
    }
    float[] out = rgb(desaturate, image, seed);
    for (int i = 0; i < N; i++) {
      assertThat(out[i]).isCloseTo(out[N + i], within(0.005f));
      assertThat(out[i]).isCloseTo(out[2 * N + i], within(0.005f));
    }
  }

  @Test
  void normalisationPerChannelUsesEachChannelsMeanAndStd() {
    float[] half = new float[3 * N];
    Arrays.fill(half, 0.5f);
    float[] out = new float[3 * N];

    new Normalize(new float[] {0.1f, 0.2f, 0.3f}, new float[] {0.5f, 0.5f, 0.25f})
        .apply(half, out, 3, ROWS, COLS, null);

    // (0.5 - 0.1) / 0.5, (0.5 - 0.2) / 0.5 and (0.5 - 0.3) / 0.25, in float arithmetic.
    assertThat(planeOf(out, 0)).containsOnly((0.5f - 0.1f) / 0.5f);
    assertThat(planeOf(out, 1)).containsOnly((0.5f - 0.2f) / 0.5f);
    assertThat(planeOf(out, 2)).containsOnly((0.5f - 0.3f) / 0.25f);
    assertThat(out[0]).isCloseTo(0.8f, within(1e-6f));
    assertThat(out[N]).isCloseTo(0.6f, within(1e-6f));
    assertThat(out[2 * N]).isCloseTo(0.8f, within(1e-6f));
    assertThatThrownBy(
            () ->
                new Normalize(new float[] {0.1f, 0.2f, 0.3f}, new float[] {1, 1, 1})
                    .apply(new float[N], new float[N], 1, ROWS, COLS, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot normalise images of 1 channels with 3 means [0.1, 0.2, 0.3]");
  }

  @Test
  void erasingFillsEachChannelWithItsOwnValueInOneRectangle() {
    float[] image = planes(plane(15), plane(16), plane(17));
    float[] out = rgb(new RandomErasing(1, 0.2, 0.2, 1, 1, new float[] {-1, -2, -3}), image, 3);

    int erased = 0;
    for (int i = 0; i < N; i++) {
      boolean inRectangle = out[i] == -1f;
      assertThat(out[N + i] == -2f).as("pixel " + i).isEqualTo(inRectangle);
      assertThat(out[2 * N + i] == -3f).as("pixel " + i).isEqualTo(inRectangle);
      erased += inRectangle ? 1 : 0;
    }
    assertThat(erased).isPositive();
  }

  @Test
  void storedBytesDecodePerChannel() {
    byte[] stored = {0, (byte) 255, 51, (byte) 255, 0, 51};
    float[] out = new float[6];

    StoredPixels.decode(
        stored, 3, new Normalize(new float[] {0, 0.5f, 1}, new float[] {1, 0.5f, 2}), out, 0);

    assertThat(out[0]).isEqualTo(0f);
    assertThat(out[1]).isEqualTo(1f);
    assertThat(out[2]).isCloseTo((0.2f - 0.5f) / 0.5f, within(1e-6f));
    assertThat(out[3]).isCloseTo(1f, within(1e-6f));
    assertThat(out[4]).isEqualTo(-0.5f);
    assertThat(out[5]).isCloseTo((0.2f - 1) / 2, within(1e-6f));
  }

  @Test
  void oneMeanAndStdServeEveryChannelAndAListMustHaveOnePerChannel() {
    Normalize all = new Normalize(0.3f, 0.2f).forChannels(3);
    assertThat(all.mean()).containsExactly(0.3f, 0.3f, 0.3f);
    assertThat(all.std()).containsExactly(0.2f, 0.2f, 0.2f);
    Normalize each = new Normalize(new float[] {0.1f, 0.2f, 0.3f}, new float[] {1, 2, 3});
    assertThat(each.forChannels(3).std()).containsExactly(1f, 2f, 3f);
    assertThatThrownBy(() -> each.forChannels(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot normalise images of 1 channels with 3 means");
  }
}
