package org.greentrain.config;

import java.io.Serializable;
import java.util.List;

/**
 * Augmentation and sharding. Angles in degrees; crop scale is the area fraction kept and ratio the
 * aspect ratio of the crop; normalisation statistics are on the [0, 1] pixel scale. {@code ops}
 * names the random ops in the order they apply; normalisation always comes last.
 */
public record AugmentConfig(
    int copies,
    int shards,
    double rotationDegrees,
    double cropMinScale,
    double cropMaxScale,
    double cropMinRatio,
    double cropMaxRatio,
    double flipProbability,
    double normalizeMean,
    double normalizeStd,
    List<String> ops,
    double brightness,
    double contrast,
    double erasingProbability,
    double erasingMinScale,
    double erasingMaxScale,
    double erasingMinRatio,
    double erasingMaxRatio)
    implements Serializable {

  /** Names of the random ops, for {@code augment.ops}. */
  public static final List<String> OPS = List.of("rotation", "crop", "flip", "jitter", "erasing");

  public AugmentConfig {
    Checks.atLeast("augment.copies", copies, 0);
    Checks.atLeast("augment.shards", shards, 1);
    Checks.range("augment.rotation-degrees", rotationDegrees, 0, 180);
    Checks.range("augment.crop-min-scale", cropMinScale, 0.01, 1);
    Checks.range("augment.crop-max-scale", cropMaxScale, cropMinScale, 1);
    Checks.range("augment.crop-min-ratio", cropMinRatio, 0.1, 10);
    Checks.range("augment.crop-max-ratio", cropMaxRatio, cropMinRatio, 10);
    Checks.range("augment.flip-probability", flipProbability, 0, 1);
    Checks.range("augment.normalize-mean", normalizeMean, -10, 10);
    Checks.range("augment.normalize-std", normalizeStd, 1e-6, 10);
    ops = List.copyOf(ops);
    for (String op : ops) {
      if (op.equals("normalize")) {
        throw new IllegalArgumentException(
            "Invalid augment.ops: normalize is always applied last"
                + " (to originals too); list only the random ops "
                + OPS);
      }
      if (!OPS.contains(op)) {
        throw new IllegalArgumentException(
            "Invalid augment.ops: unknown op '" + op + "' (known: " + String.join(", ", OPS) + ")");
      }
      if (ops.indexOf(op) != ops.lastIndexOf(op)) {
        throw new IllegalArgumentException("Invalid augment.ops: '" + op + "' is listed twice");
      }
    }
    Checks.range("augment.brightness", brightness, 0, 1);
    Checks.range("augment.contrast", contrast, 0, 1);
    Checks.range("augment.erasing-probability", erasingProbability, 0, 1);
    Checks.range("augment.erasing-min-scale", erasingMinScale, 1e-6, 0.99);
    Checks.range("augment.erasing-max-scale", erasingMaxScale, erasingMinScale, 0.99);
    Checks.range("augment.erasing-min-ratio", erasingMinRatio, 0.01, 100);
    Checks.range("augment.erasing-max-ratio", erasingMaxRatio, erasingMinRatio, 100);
  }
}
