package org.greentrain.config;

import java.io.Serializable;
import java.util.List;
import org.greentrain.error.UserError;

/**
 * Augmentation and sharding. Angles in degrees; crop scale is the area fraction kept and ratio the
 * aspect ratio of the crop; normalisation statistics are on the [0, 1] pixel scale. {@code ops}
 * names the random ops in the order they apply; normalisation always comes last.
 *
 * @param cropSize the side of the square images the model sees, when it differs from the source's
 *     (as torchvision's {@code RandomResizedCrop(size)}): the crop op resizes its window to it, and
 *     originals, validation and test images are resized whole to it; 0 keeps the source's size
 * @param normalizeMean one mean for all channels, one per channel, or none: computed on the
 *     training split by the augment stage (then {@code normalizeStd} is empty too)
 * @param normalizeStd as many stds as means
 */
public record AugmentConfig(
    int copies,
    int shards,
    double rotationDegrees,
    double cropMinScale,
    double cropMaxScale,
    double cropMinRatio,
    double cropMaxRatio,
    int cropSize,
    double flipProbability,
    List<Double> normalizeMean,
    List<Double> normalizeStd,
    List<String> ops,
    double brightness,
    double contrast,
    double saturation,
    double erasingProbability,
    double erasingMinScale,
    double erasingMaxScale,
    double erasingMinRatio,
    double erasingMaxRatio)
    implements Serializable {

  /** Names of the random ops, for {@code augment.ops}. */
  public static final List<String> OPS = List.of("rotation", "crop", "flip", "jitter", "erasing");

  public AugmentConfig {
    Checks.atLeast(ConfigKeys.AUGMENT_COPIES, copies, 0);
    Checks.atLeast(ConfigKeys.AUGMENT_SHARDS, shards, 1);
    Checks.range(ConfigKeys.AUGMENT_ROTATION_DEGREES, rotationDegrees, 0, 180);
    Checks.range(ConfigKeys.AUGMENT_CROP_MIN_SCALE, cropMinScale, 0.01, 1);
    Checks.range(ConfigKeys.AUGMENT_CROP_MAX_SCALE, cropMaxScale, cropMinScale, 1);
    Checks.range(ConfigKeys.AUGMENT_CROP_MIN_RATIO, cropMinRatio, 0.1, 10);
    Checks.range(ConfigKeys.AUGMENT_CROP_MAX_RATIO, cropMaxRatio, cropMinRatio, 10);
    Checks.range(ConfigKeys.AUGMENT_CROP_SIZE, cropSize, 0, 4096);
    Checks.range(ConfigKeys.AUGMENT_FLIP_PROBABILITY, flipProbability, 0, 1);
    normalizeMean = List.copyOf(normalizeMean);
    normalizeStd = List.copyOf(normalizeStd);
    if (normalizeMean.size() != normalizeStd.size()
        || normalizeMean.size() == 2
        || normalizeMean.size() > 3) {
      throw new UserError(
          "Invalid "
              + ConfigKeys.AUGMENT_NORMALIZE_MEAN
              + " and "
              + ConfigKeys.AUGMENT_NORMALIZE_STD
              + ": "
              + normalizeMean
              + " and "
              + normalizeStd
              + " (as many of each: one number for all channels, one per channel,"
              + " or [] for both to compute them on the training split)");
    }
    for (double m : normalizeMean) {
      Checks.range(ConfigKeys.AUGMENT_NORMALIZE_MEAN, m, -10, 10);
    }
    for (double s : normalizeStd) {
      Checks.range(ConfigKeys.AUGMENT_NORMALIZE_STD, s, 1e-6, 10);
    }
    ops = List.copyOf(ops);
    for (String op : ops) {
      if (op.equals("normalize")) {
        throw new UserError(
            "Invalid "
                + ConfigKeys.AUGMENT_OPS
                + ": normalize is always applied last"
                + " (to originals too); list only the random ops "
                + OPS);
      }
      if (!OPS.contains(op)) {
        throw new UserError(
            "Invalid "
                + ConfigKeys.AUGMENT_OPS
                + ": unknown op '"
                + op
                + "' (known: "
                + String.join(", ", OPS)
                + ")");
      }
      if (ops.indexOf(op) != ops.lastIndexOf(op)) {
        throw new UserError("Invalid " + ConfigKeys.AUGMENT_OPS + ": '" + op + "' is listed twice");
      }
    }
    Checks.range(ConfigKeys.AUGMENT_BRIGHTNESS, brightness, 0, 1);
    Checks.range(ConfigKeys.AUGMENT_CONTRAST, contrast, 0, 1);
    Checks.range(ConfigKeys.AUGMENT_SATURATION, saturation, 0, 1);
    Checks.range(ConfigKeys.AUGMENT_ERASING_PROBABILITY, erasingProbability, 0, 1);
    Checks.range(ConfigKeys.AUGMENT_ERASING_MIN_SCALE, erasingMinScale, 1e-6, 0.99);
    Checks.range(ConfigKeys.AUGMENT_ERASING_MAX_SCALE, erasingMaxScale, erasingMinScale, 0.99);
    Checks.range(ConfigKeys.AUGMENT_ERASING_MIN_RATIO, erasingMinRatio, 0.01, 100);
    Checks.range(ConfigKeys.AUGMENT_ERASING_MAX_RATIO, erasingMaxRatio, erasingMinRatio, 100);
  }

  /** Whether the normalisation is computed on the training split ({@code []}). */
  public boolean computesNormalisation() {
    return normalizeMean.isEmpty();
  }
}
