package org.greentrain.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AlgorithmLeverTableTest {

  @Test
  void eachRunIsOneLineWithUnitsScaledAsTheHeaderSays() {
    AlgorithmLeverTable table = new AlgorithmLeverTable();
    table.add(
        new AlgorithmLeverTable.Line(
            "lever-cnn",
            "cnn",
            225_034,
            2_765_440,
            961.4,
            76.84,
            0.855,
            4.23,
            0.852,
            3.456,
            2.1,
            EarlierRounds.NONE));
    table.add(
        new AlgorithmLeverTable.Line(
            "lever-resnet",
            "resnet",
            272_474,
            40_550_000,
            5000,
            400,
            0.9,
            3.9,
            0.899,
            30,
            20,
            EarlierRounds.NONE));
    assertThat(table.markdown().lines())
        .hasSize(4)
        .element(2)
        .isEqualTo(
            "| cnn | lever-cnn | 225,034 | 2.77 | 961 | 76.8 | 85.50% | 4.23 | 85.20% | 3.46 | 2.10 |");
    assertThat(table.markdown().lines().toList().get(3)).startsWith("| resnet | lever-resnet |");
  }

  @Test
  void aResumedRunSaysWhatItsTrainingFiguresInclude() {
    AlgorithmLeverTable table = new AlgorithmLeverTable();
    table.add(
        new AlgorithmLeverTable.Line(
            "lever-mobilenet",
            "mobilenet",
            66_378,
            17_750_000,
            33_125,
            2_617.2,
            0.9156,
            3.49,
            0.916,
            15.28,
            17.34,
            new EarlierRounds(20, 726.47, 9_200.8)));

    assertThat(table.markdown().lines().toList())
        .contains(
            "lever-mobilenet resumed: train J and s include 20 rounds of earlier applications,"
                + " 9,201 J and 726.5 s (training_rounds).");
    assertThat(table.markdown().lines().toList().get(2))
        .startsWith("| mobilenet | lever-mobilenet | 66,378 | 17.75 | 33125 | 2617.2 | 91.56% |");
  }

  @Test
  void theModelComesFromTheRunsConfig() {
    assertThat(BenchAlgorithmsCommand.modelOf("{\"train\":{\"model\":\"mobilenet\",\"epochs\":8}}"))
        .isEqualTo("mobilenet");
    assertThat(BenchAlgorithmsCommand.modelOf("not json")).isEqualTo("?");
  }
}
