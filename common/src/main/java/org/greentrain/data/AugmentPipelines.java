package org.greentrain.data;

import java.util.ArrayList;
import java.util.List;
import org.greentrain.config.AugmentConfig;
import org.greentrain.config.ConfigKeys;

/** The augmentation pipeline a config describes, and the normalisation of evaluation data. */
public final class AugmentPipelines {

  private AugmentPipelines() {}

  /**
   * The ops of {@code augment.ops} in their order, then the configured normalisation, which must be
   * given (not computed on the training split).
   */
  public static AugmentPipeline fromConfig(AugmentConfig c) {
    return fromConfig(c, configured(c));
  }

  /**
   * The ops of {@code augment.ops} in their order, then, with {@code augment.crop-size}, a resize
   * of the whole image to it (which leaves cropped copies as they are and brings the originals to
   * the same size), then {@code normalize}.
   */
  public static AugmentPipeline fromConfig(AugmentConfig c, Normalize normalize) {
    List<AugmentOp> ops = new ArrayList<>();
    for (String name : c.ops()) {
      ops.add(op(name, c, normalize));
    }
    if (c.cropSize() > 0) {
      ops.add(new Resize(c.cropSize()));
    }
    ops.add(normalize);
    return new AugmentPipeline(ops);
  }

  /** The normalisation {@code augment.normalize-mean} and {@code normalize-std} give. */
  public static Normalize configured(AugmentConfig c) {
    if (c.computesNormalisation()) {
      throw new IllegalStateException(
          "Cannot build the normalisation from the config: "
              + ConfigKeys.AUGMENT_NORMALIZE_MEAN
              + " is [], computed on the training split by the augment stage");
    }
    return new Normalize(floats(c.normalizeMean()), floats(c.normalizeStd()));
  }

  private static float[] floats(List<Double> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i).floatValue();
    }
    return out;
  }

  private static AugmentOp op(String name, AugmentConfig c, Normalize normalize) {
    return switch (name) {
      case "rotation" -> new RandomRotation(c.rotationDegrees(), 0f);
      case "crop" ->
          new RandomResizedCrop(
              c.cropMinScale(), c.cropMaxScale(), c.cropMinRatio(), c.cropMaxRatio(), c.cropSize());
      case "flip" -> new HorizontalFlip(c.flipProbability());
      case "jitter" -> new BrightnessContrast(c.brightness(), c.contrast(), c.saturation());
      // Before normalisation, so the mean pixel (per channel): torchvision erases normalised
      // tensors with 0.
      case "erasing" ->
          new RandomErasing(
              c.erasingProbability(),
              c.erasingMinScale(),
              c.erasingMaxScale(),
              c.erasingMinRatio(),
              c.erasingMaxRatio(),
              normalize.mean());
      // AugmentConfig has already rejected unknown names, so this is a name added to
      // AugmentConfig.OPS without its op here: a bug, not a user error.
      default ->
          throw new IllegalStateException(
              "Cannot build augment op '" + name + "': AugmentConfig.OPS names it, no op is built");
    };
  }

  /**
   * All images, back to back, as the model sees an original (copy 0): only the deterministic ops,
   * the resize to {@code augment.crop-size} when set and the normalisation, applied.
   */
  public static float[] normalisedPixels(LabeledImages images, AugmentConfig c) {
    return normalisedPixels(images, configured(c), c.cropSize());
  }

  /**
   * All images, back to back, channel-planar, resized whole to {@code size x size} unless {@code
   * size} is 0, and normalised with {@code normalize}.
   */
  public static float[] normalisedPixels(LabeledImages images, Normalize normalize, int size) {
    AugmentPipeline pipeline =
        new AugmentPipeline(size > 0 ? List.of(new Resize(size), normalize) : List.of(normalize));
    int per = size > 0 ? images.channels() * size * size : images.imageSize();
    float[] out = new float[images.count() * per];
    for (int i = 0; i < images.count(); i++) {
      float[] x =
          pipeline.apply(images.image(i), images.channels(), images.rows(), images.cols(), 0, 0, i);
      System.arraycopy(x, 0, out, i * per, per);
    }
    return out;
  }

  /**
   * The mean and std of every channel over all pixels of {@code images} on the [0, 1] scale, as
   * torchvision users compute them for {@code Normalize}: population std ({@link ChannelStats}).
   */
  public static Normalize computed(LabeledImages images) {
    return ChannelStats.of(images).normalize();
  }
}
