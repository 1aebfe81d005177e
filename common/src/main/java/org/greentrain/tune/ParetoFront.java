package org.greentrain.tune;

import java.util.List;

/**
 * The trials worth a look when trading accuracy against energy: those no other trial dominates. A
 * trial dominates another when its accuracy is at least as high and its energy at most as high, one
 * of the two strictly; two trials with equal accuracy and energy are both on the front.
 */
public final class ParetoFront {

  /** A trial's place in the trade-off: accuracy (higher is better) and energy in J (lower is). */
  public record Point(double accuracy, double energyJoules) {

    boolean dominates(Point o) {
      return accuracy >= o.accuracy
          && energyJoules <= o.energyJoules
          && (accuracy > o.accuracy || energyJoules < o.energyJoules);
    }
  }

  private ParetoFront() {}

  /** For each point, in order, whether it is on the front. */
  public static boolean[] of(List<Point> points) {
    boolean[] front = new boolean[points.size()];
    for (int i = 0; i < points.size(); i++) {
      front[i] = true;
      for (Point other : points) {
        if (other.dominates(points.get(i))) {
          front[i] = false;
          break;
        }
      }
    }
    return front;
  }
}
