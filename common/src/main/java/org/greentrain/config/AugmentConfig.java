package org.greentrain.config;

import java.io.Serializable;

/**
 * Augmentation and sharding. Angles in degrees; crop scale is the area fraction kept and ratio
 * the aspect ratio of the crop; normalisation statistics are on the [0, 1] pixel scale.
 */
public record AugmentConfig(int copies,
    int shards,
    double rotationDegrees,
    double cropMinScale,
    double cropMaxScale,
    double cropMinRatio,
    double cropMaxRatio,
    double flipProbability,
    double normalizeMean,
    double normalizeStd)
    implements Serializable {

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
  }
}
