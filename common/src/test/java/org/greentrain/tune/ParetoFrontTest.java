package org.greentrain.tune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.greentrain.tune.ParetoFront.Point;
import org.junit.jupiter.api.Test;

class ParetoFrontTest {

  @Test
  void aTrialIsOnTheFrontUnlessAnotherIsAsAccurateForAsLittleEnergyAndBetterInOne() {
    List<Point> points =
        List.of(
            new Point(0.80, 100), // least energy: front
            new Point(0.85, 150), // front
            new Point(0.84, 200), // the second: more accurate for less energy
            new Point(0.80, 120), // the first: as accurate for less energy
            new Point(0.90, 300), // most accurate: front
            new Point(0.85, 150)); // equals the second: neither dominates, both on the front

    assertThat(ParetoFront.of(points)).containsExactly(true, true, false, false, true, true);
  }

  @Test
  void oneTrialIsItsOwnFrontAndNoneIsEmpty() {
    assertThat(ParetoFront.of(List.of(new Point(0.5, 10)))).containsExactly(true);
    assertThat(ParetoFront.of(List.of())).isEmpty();
  }
}
