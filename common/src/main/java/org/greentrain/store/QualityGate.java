package org.greentrain.store;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Decides whether a newly published version may become LATEST: its fp32 test accuracy must be at
 * least {@code minAccuracy}, and at most {@code maxAccuracyDrop} below the accuracy of the current
 * LATEST, if there is one. Accuracies are fractions in [0, 1].
 */
public record QualityGate(double minAccuracy, double maxAccuracyDrop) {

  /** The gate's decision and a one-line reason that names the numbers compared. */
  public record Verdict(boolean passed, String reason) {}

  // Accuracies are ratios of counts; without slack, 0.81 vs 0.82 - 0.01 would fail by rounding.
  private static final double SLACK = 1e-9;

  public QualityGate {
    if (!(minAccuracy >= 0 && minAccuracy <= 1)) {
      throw new IllegalArgumentException("Invalid minimum accuracy: " + minAccuracy);
    }
    if (!(maxAccuracyDrop >= 0 && maxAccuracyDrop <= 1)) {
      throw new IllegalArgumentException("Invalid maximum accuracy drop: " + maxAccuracyDrop);
    }
  }

  /**
   * @param candidate fp32 test accuracy of the new version
   * @param latest fp32 test accuracy of the current LATEST, empty if there is none
   */
  public Verdict evaluate(double candidate, OptionalDouble latest) {
    if (Double.isNaN(candidate) || candidate + SLACK < minAccuracy) {
      return new Verdict(
          false,
          format(
              "accuracy %.4f is below the minimum %.4f (publish.min-accuracy)",
              candidate, minAccuracy));
    }
    if (latest.isEmpty()) {
      return new Verdict(
          true, format("accuracy %.4f >= minimum %.4f; no LATEST yet", candidate, minAccuracy));
    }
    double current = latest.getAsDouble();
    if (candidate + maxAccuracyDrop + SLACK < current) {
      return new Verdict(
          false,
          format(
              "accuracy %.4f is %.4f below LATEST's %.4f (publish.max-accuracy-drop %.4f)",
              candidate, current - candidate, current, maxAccuracyDrop));
    }
    return new Verdict(
        true,
        format(
            "accuracy %.4f >= minimum %.4f and within %.4f of LATEST's %.4f",
            candidate, minAccuracy, maxAccuracyDrop, current));
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
