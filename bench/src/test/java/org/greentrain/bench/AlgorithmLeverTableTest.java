package org.greentrain.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AlgorithmLeverTableTest {

  @Test
  void eachRunIsOneLineWithUnitsScaledAsTheHeaderSays() {
    AlgorithmLeverTable table = new AlgorithmLeverTable();
    table.add(
        new AlgorithmLeverTable.Line(
            "lever-cnn", "cnn", 225_034, 2_765_440, 961.4, 76.84, 0.855, 4.23, 0.852, 3.456, 2.1));
    table.add(
        new AlgorithmLeverTable.Line(
            "lever-resnet", "resnet", 272_474, 40_550_000, 5000, 400, 0.9, 3.9, 0.899, 30, 20));
    assertThat(table.markdown().lines())
        .hasSize(4)
        .element(2)
        .isEqualTo(
            "| cnn | lever-cnn | 225,034 | 2.77 | 961 | 76.8 | 85.50% | 4.23 | 85.20% | 3.46 | 2.10 |");
    assertThat(table.markdown().lines().toList().get(3)).startsWith("| resnet | lever-resnet |");
  }

  @Test
  void theModelComesFromTheRunsConfig() {
    assertThat(BenchAlgorithmsCommand.modelOf("{\"train\":{\"model\":\"mobilenet\",\"epochs\":8}}"))
        .isEqualTo("mobilenet");
    assertThat(BenchAlgorithmsCommand.modelOf("not json")).isEqualTo("?");
  }
}
