package org.greentrain.data;

import java.util.List;
import org.greentrain.config.AugmentConfig;

/** The augmentation pipeline a config describes, and the normalisation of evaluation data. */
public final class AugmentPipelines {

  private AugmentPipelines() {}

  /** Rotation, random resized crop, horizontal flip, then normalisation, in that order. */
  public static AugmentPipeline fromConfig(AugmentConfig c) {
    return new AugmentPipeline(
        List.of(
            new RandomRotation(c.rotationDegrees(), 0f),
            new RandomResizedCrop(
                c.cropMinScale(), c.cropMaxScale(), c.cropMinRatio(), c.cropMaxRatio()),
            new HorizontalFlip(c.flipProbability()),
            new Normalize((float) c.normalizeMean(), (float) c.normalizeStd())));
  }

  /**
   * All images, back to back, as the model sees an original (copy 0): only the deterministic ops, i.e.
   * normalisation, applied.
   */
  public static float[] normalisedPixels(LabeledImages images, AugmentConfig c) {
    AugmentPipeline pipeline = fromConfig(c);
    int pixels = images.rows() * images.cols();
    float[] out = new float[images.count() * pixels];
    for (int i = 0; i < images.count(); i++) {
      float[] x = pipeline.apply(images.image(i), images.rows(), images.cols(), 0, 0, i);
      System.arraycopy(x, 0, out, i * pixels, pixels);
    }
    return out;
  }
}
