package org.greentrain.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of a model's repeated scorings its evaluations row keeps (evaluate.repeats). */
class MedianRepetitionTest {

  /** A scoring's energy (J) and the turn it came from. */
  private record Turn(int turn, double joules) {}

  @Test
  void theRepetitionOfMedianEnergyIsKeptWholeWhateverTheOrder() {
    List<Turn> turns = List.of(new Turn(1, 9.0), new Turn(2, 2.0), new Turn(3, 5.0));

    assertThat(EvaluateStage.medianBy(turns, Turn::joules)).isEqualTo(new Turn(3, 5.0));
  }

  @Test
  void anEvenCountKeepsTheLowerMiddleAndOneTurnItself() {
    List<Turn> turns =
        List.of(new Turn(1, 4.0), new Turn(2, 1.0), new Turn(3, 3.0), new Turn(4, 8.0));

    assertThat(EvaluateStage.medianBy(turns, Turn::joules)).isEqualTo(new Turn(3, 3.0));
    assertThat(EvaluateStage.medianBy(List.of(new Turn(1, 7.0)), Turn::joules))
        .isEqualTo(new Turn(1, 7.0));
  }
}
