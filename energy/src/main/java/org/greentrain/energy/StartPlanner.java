package org.greentrain.energy;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * Picks the start time in a window that minimises a run's expected emissions under an hourly
 * intensity forecast. The run is assumed to draw its energy evenly over its duration, so the
 * expected CO2e of a start is energy x PUE-free mean intensity over [start, start + duration).
 * Starts are tried every {@code step} from the window start; the earliest of equal ones wins.
 */
public final class StartPlanner {

  /**
   * @param meanGramsPerKwh forecast mean intensity over the run
   * @param expectedCo2eGrams energy (kWh) times that mean
   */
  public record Plan(Instant start, double meanGramsPerKwh, double expectedCo2eGrams) {}

  private StartPlanner() {}

  /**
   * @param windowStart earliest start
   * @param windowEnd latest start (the run may end after it)
   * @param runDuration expected wall time of the run
   * @param runEnergyKwh expected energy of the run
   * @throws IllegalArgumentException if no start in the window has the whole run covered by the
   *     forecast
   */
  public static Plan plan(
      CarbonForecast forecast,
      Instant windowStart,
      Instant windowEnd,
      Duration runDuration,
      double runEnergyKwh,
      Duration step) {
    if (windowEnd.isBefore(windowStart)) {
      throw new IllegalArgumentException(
          "Invalid window: it ends (" + windowEnd + ") before it starts (" + windowStart + ")");
    }
    if (step.isZero() || step.isNegative() || runDuration.isNegative()) {
      throw new IllegalArgumentException("Invalid step or duration: " + step + ", " + runDuration);
    }
    Plan best = null;
    for (Instant t = windowStart; !t.isAfter(windowEnd); t = t.plus(step)) {
      OptionalDouble mean = forecast.meanOver(t, t.plus(runDuration));
      if (mean.isPresent() && (best == null || mean.getAsDouble() < best.meanGramsPerKwh())) {
        best = new Plan(t, mean.getAsDouble(), runEnergyKwh * mean.getAsDouble());
      }
    }
    if (best == null) {
      throw new IllegalArgumentException(
          "Cannot plan the start: the forecast "
              + forecast.source()
              + " ("
              + forecast.slots().get(0).start()
              + " to "
              + forecast.slots().get(forecast.slots().size() - 1).start().plus(Duration.ofHours(1))
              + ") does not cover a run of "
              + runDuration
              + " starting between "
              + windowStart
              + " and "
              + windowEnd);
    }
    return best;
  }
}
