package org.greentrain.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One measure of the runs with the plugin off and on, in the order they ran: the medians and the
 * ratio of the medians, on over off.
 */
record OnOff(List<Double> off, List<Double> on) {

  OnOff {
    if (off.isEmpty() || on.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid comparison: "
              + off.size()
              + " runs off, "
              + on.size()
              + " on (at least 1 each)");
    }
    off = List.copyOf(off);
    on = List.copyOf(on);
  }

  double medianOff() {
    return median(off);
  }

  double medianOn() {
    return median(on);
  }

  /** Median on over median off. */
  double ratio() {
    return medianOn() / medianOff();
  }

  /** Median on minus median off. */
  double difference() {
    return medianOn() - medianOff();
  }

  /** The middle value, or the mean of the two middle values of an even count. */
  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
