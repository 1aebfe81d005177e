package org.greentrain.data;

import java.util.ArrayList;
import java.util.List;
import org.greentrain.config.AugmentConfig;

/** The augmentation pipeline a config describes, and the normalisation of evaluation data. */
public final class AugmentPipelines {

  private AugmentPipelines() {}

  /** The ops of {@code augment.ops} in their order, then normalisation. */
  public static AugmentPipeline fromConfig(AugmentConfig c) {
    List<AugmentOp> ops = new ArrayList<>();
    for (String name : c.ops()) {
      ops.add(op(name, c));
    }
    ops.add(new Normalize((float) c.normalizeMean(), (float) c.normalizeStd()));
    return new AugmentPipeline(ops);
  }

  private static AugmentOp op(String name, AugmentConfig c) {
    return switch (name) {
      case "rotation" -> new RandomRotation(c.rotationDegrees(), 0f);
      case "crop" ->
          new RandomResizedCrop(
              c.cropMinScale(), c.cropMaxScale(), c.cropMinRatio(), c.cropMaxRatio());
      case "flip" -> new HorizontalFlip(c.flipProbability());
      case "jitter" -> new BrightnessContrast(c.brightness(), c.contrast());
      // Before normalisation, so the mean pixel: torchvision erases normalised tensors with 0.
      case "erasing" ->
          new RandomErasing(
              c.erasingProbability(),
              c.erasingMinScale(),
              c.erasingMaxScale(),
              c.erasingMinRatio(),
              c.erasingMaxRatio(),
              (float) c.normalizeMean());
      // AugmentConfig has already rejected unknown names, so this is a name added to
      // AugmentConfig.OPS without its op here: a bug, not a user error.
      default ->
          throw new IllegalStateException(
              "Cannot build augment op '" + name + "': AugmentConfig.OPS names it, no op is built");
    };
  }

  /**
   * All images, back to back, as the model sees an original (copy 0): only the deterministic ops,
   * i.e. normalisation, applied.
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
