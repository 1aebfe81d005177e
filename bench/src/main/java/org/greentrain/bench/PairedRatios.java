package org.greentrain.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The ratio on over off of each pair of runs that ran back to back, their median, and a
 * distribution-free 95% confidence interval for that median. A pair shares the machine's state of
 * the moment, so its ratio cancels the drift that widens the spread of the runs taken one by one;
 * the interval says what a ratio of medians cannot: whether 2% is within the noise.
 *
 * <p>The interval is the k-th smallest and k-th largest pair ratio, with k the largest for which
 * the median lies outside with probability at most 5% whatever the ratios' distribution: {@code 2 *
 * P(Binomial(n, 1/2) <= k - 1) <= 0.05}. It needs at least 6 pairs.
 */
record PairedRatios(List<Double> ratios) {

  static final double CONFIDENCE = 0.95;

  PairedRatios {
    if (ratios.isEmpty()) {
      throw new IllegalArgumentException("Invalid pairs: none (at least 1)");
    }
    ratios = List.copyOf(ratios);
  }

  /** Pairs the runs in the order they ran, (1, 2), (3, 4), …; each pair one off and one on. */
  static PairedRatios of(List<Double> values, List<Boolean> pluginOn) {
    if (values.size() != pluginOn.size() || values.size() % 2 != 0) {
      throw new IllegalArgumentException(
          "Invalid runs: " + values.size() + " values for " + pluginOn.size() + " runs in pairs");
    }
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < values.size(); i += 2) {
      if (pluginOn.get(i).equals(pluginOn.get(i + 1))) {
        throw new IllegalArgumentException(
            "Invalid runs: runs " + (i + 1) + " and " + (i + 2) + " are not one off and one on");
      }
      int on = pluginOn.get(i) ? i : i + 1;
      int off = pluginOn.get(i) ? i + 1 : i;
      ratios.add(values.get(on) / values.get(off));
    }
    return new PairedRatios(ratios);
  }

  double median() {
    return OnOff.median(ratios);
  }

  /** A confidence interval for the median ratio. */
  record Interval(double low, double high) {}

  /** The interval, or empty for fewer than 6 pairs (no k reaches 95% there). */
  Optional<Interval> interval() {
    int k = orderOfBound(ratios.size());
    if (k == 0) {
      return Optional.empty();
    }
    List<Double> sorted = new ArrayList<>(ratios);
    Collections.sort(sorted);
    return Optional.of(new Interval(sorted.get(k - 1), sorted.get(sorted.size() - k)));
  }

  /** "1.004 [0.981, 1.017]", or the median alone with the reason there is no interval. */
  String describe() {
    String median = String.format(Locale.ROOT, "%.3f", median());
    return interval()
        .map(b -> String.format(Locale.ROOT, "%s [%.3f, %.3f]", median, b.low(), b.high()))
        .orElse(median + " (no interval below 6 pairs)");
  }

  /** The largest k with 2 * P(Binomial(n, 1/2) <= k - 1) <= 1 - CONFIDENCE; 0 if none. */
  static int orderOfBound(int n) {
    double tail = 0;
    double term = Math.pow(0.5, n); // P(X = 0)
    int k = 0;
    for (int j = 0; j < n; j++) {
      tail += term;
      if (2 * tail > 1 - CONFIDENCE) {
        return k;
      }
      k = j + 1;
      term = term * (n - j) / (j + 1);
    }
    return k;
  }
}
