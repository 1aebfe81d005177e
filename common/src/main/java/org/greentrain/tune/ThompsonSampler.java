package org.greentrain.tune;

import java.util.List;
import java.util.Random;
import org.greentrain.data.Seeds;

/**
 * Chooses the settings of the next run from the costs earlier runs observed, by Gaussian Thompson
 * sampling over the candidate settings (the arms), as Zeus does for batch sizes (You, Chung and
 * Chowdhury, NSDI '23).
 *
 * <ul>
 *   <li>An arm never tried is tried first, in list order: that is exploration.
 *   <li>Otherwise each arm's mean cost has the posterior N(m, s^2 / n) of a flat prior: m the mean
 *       of its n costs, s^2 their sample variance (n - 1 in the denominator). An arm with one cost
 *       takes the pooled variance of the arms with two or more, or, with none, (0.1 m)^2. The
 *       variance is at least (0.01 m)^2, so identical costs still leave room to explore.
 *   <li>One draw per arm, in list order, each {@code m + sqrt(s^2 / n) * z} with z the next {@link
 *       Random#nextGaussian()} of {@code new Random(Seeds.mix(seed, 0))}; the lowest draw wins.
 *       Choosing another arm than the one with the lowest mean is exploration, else exploitation.
 * </ul>
 *
 * <p>The same seed and costs give the same choice.
 */
public final class ThompsonSampler {

  private static final double ONE_COST_RELATIVE_SD = 0.1;
  private static final double MIN_RELATIVE_SD = 0.01;

  /**
   * The chosen arm, whether choosing it was exploration, and why in words.
   *
   * @param draws each arm's draw of its mean cost (J); empty when an untried arm was chosen
   */
  public record Choice(int arm, boolean explored, double[] draws, String reason) {}

  private ThompsonSampler() {}

  /**
   * @param costs for each arm, the costs (J) of the runs that used it, in any order
   * @param seed the draws' seed
   */
  public static Choice choose(List<List<Double>> costs, long seed) {
    if (costs.isEmpty()) {
      throw new IllegalArgumentException("Cannot choose among no settings");
    }
    for (int a = 0; a < costs.size(); a++) {
      if (costs.get(a).isEmpty()) {
        return new Choice(a, true, new double[0], "settings " + (a + 1) + " not tried yet");
      }
    }
    double pooled = pooledVariance(costs);
    // Mixed first: java.util.Random's first draws of nearby seeds (42, 43, ...) are correlated.
    Random random = new Random(Seeds.mix(seed, 0));
    double[] draws = new double[costs.size()];
    int chosen = 0;
    int lowestMean = 0;
    for (int a = 0; a < costs.size(); a++) {
      List<Double> c = costs.get(a);
      double mean = mean(c);
      double variance = c.size() >= 2 ? sampleVariance(c, mean) : pooled;
      if (Double.isNaN(variance)) {
        variance = square(ONE_COST_RELATIVE_SD * mean);
      }
      variance = Math.max(variance, square(MIN_RELATIVE_SD * mean));
      draws[a] = mean + Math.sqrt(variance / c.size()) * random.nextGaussian();
      if (draws[a] < draws[chosen]) {
        chosen = a;
      }
      if (mean < mean(costs.get(lowestMean))) {
        lowestMean = a;
      }
    }
    boolean explored = chosen != lowestMean;
    return new Choice(
        chosen,
        explored,
        draws,
        explored
            ? "settings "
                + (chosen + 1)
                + " drew the lowest cost; settings "
                + (lowestMean + 1)
                + " have the lowest mean"
            : "settings " + (chosen + 1) + " have the lowest mean cost and drew the lowest");
  }

  /** The within-arm variance pooled over the arms with two or more costs; NaN without any. */
  static double pooledVariance(List<List<Double>> costs) {
    double squares = 0;
    int degrees = 0;
    for (List<Double> c : costs) {
      if (c.size() >= 2) {
        double mean = mean(c);
        squares += sampleVariance(c, mean) * (c.size() - 1);
        degrees += c.size() - 1;
      }
    }
    return degrees == 0 ? Double.NaN : squares / degrees;
  }

  private static double mean(List<Double> c) {
    double sum = 0;
    for (double x : c) {
      sum += x;
    }
    return sum / c.size();
  }

  private static double sampleVariance(List<Double> c, double mean) {
    double squares = 0;
    for (double x : c) {
      squares += square(x - mean);
    }
    return squares / (c.size() - 1);
  }

  private static double square(double x) {
    return x * x;
  }
}
