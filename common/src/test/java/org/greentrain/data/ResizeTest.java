package org.greentrain.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Ops that change the image size: the whole-image resize and the crop to a target size. */
class ResizeTest {

  /** Two 4x4 planes: plane 0 holds 4y + x, plane 1 holds 100 + 4y + x. */
  private static float[] twoPlanes() {
    float[] px = new float[32];
    for (int i = 0; i < 16; i++) {
      px[i] = i;
      px[16 + i] = 100 + i;
    }
    return px;
  }

  @Test
  void halvingAveragesEachTwoByTwoBlockOfEveryPlane() {
    // Pixel centres aligned: output (y, x) samples the input at (2y + 0.5, 2x + 0.5), the middle
    // of a 2x2 block, e.g. (0, 0) -> mean of 0, 1, 4, 5 = 2.5.
    float[] dst = new float[8];

    new Resize(2).apply(twoPlanes(), dst, 2, 4, 4, null);

    assertThat(dst).containsExactly(2.5f, 4.5f, 10.5f, 12.5f, 102.5f, 104.5f, 110.5f, 112.5f);
  }

  @Test
  void anImageOfTheTargetSizeIsCopiedUnchanged() {
    float[] dst = new float[32];

    new Resize(4).apply(twoPlanes(), dst, 2, 4, 4, null);

    assertThat(dst).containsExactly(twoPlanes());
  }

  @Test
  void aCropOfTheWholeImageToATargetSizeIsTheWholeImageResized() {
    RandomResizedCrop crop = new RandomResizedCrop(1, 1, 1, 1, 2);
    float[] dst = new float[8];

    crop.apply(twoPlanes(), dst, 2, 4, 4, new SplittableRandom(1));

    assertThat(crop.outputRows(4)).isEqualTo(2);
    assertThat(crop.outputCols(4)).isEqualTo(2);
    assertThat(dst).containsExactly(2.5f, 4.5f, 10.5f, 12.5f, 102.5f, 104.5f, 110.5f, 112.5f);
  }

  @Test
  void everyCopyOfARecordReachesTheModelAtTheCropSize() {
    // As augment.crop-size = 3 builds it: crop to 3, then the resize that brings originals there.
    AugmentPipeline pipeline =
        new AugmentPipeline(
            List.of(
                new RandomResizedCrop(0.5, 1, 0.8, 1.25, 3),
                new HorizontalFlip(0.5),
                new Resize(3),
                new Normalize(new float[] {0}, new float[] {1})));
    byte[] pixels = new byte[3 * 8 * 8];
    new SplittableRandom(4).nextBytes(pixels);

    for (int copy = 0; copy < 4; copy++) {
      assertThat(pipeline.apply(pixels, 3, 8, 8, 42, copy, 7)).hasSize(3 * 3 * 3);
    }
    // The original is the whole image resized: its top-left output pixel is bilinear at (0.83,
    // 0.83) of the 8x8 plane 0, since 8/3 scales the centre 0.5 to 1.33, minus 0.5.
    float[] original = pipeline.apply(pixels, 3, 8, 8, 42, 0, 7);
    double fx = 8.0 / 3 * 0.5 - 0.5;
    double p00 = (pixels[0] & 0xff) / 255.0;
    double p01 = (pixels[1] & 0xff) / 255.0;
    double p10 = (pixels[8] & 0xff) / 255.0;
    double p11 = (pixels[9] & 0xff) / 255.0;
    double top = p00 + (p01 - p00) * fx;
    double bottom = p10 + (p11 - p10) * fx;
    assertThat((double) original[0]).isCloseTo(top + (bottom - top) * fx, within());
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }
}
