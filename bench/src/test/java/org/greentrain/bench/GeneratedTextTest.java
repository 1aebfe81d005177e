package org.greentrain.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratedTextTest {

  private static List<String> lines(int partition, int count) {
    List<String> out = new ArrayList<>();
    GeneratedText.lines(partition, count).forEach(out::add);
    return out;
  }

  @Test
  void aPartitionGivesTheSameLinesOfTwelveWordsEachTime() {
    List<String> first = lines(3, 100);

    assertThat(first).hasSize(100).isEqualTo(lines(3, 100)).isNotEqualTo(lines(4, 100));
    assertThat(first).allSatisfy(l -> assertThat(l.split(" ")).hasSize(12));
    assertThat(first).allSatisfy(l -> assertThat(l).matches("(w\\d+ ){11}w\\d+"));
  }

  @Test
  void wordsAreSkewedTowardsTheStartOfTheVocabulary() {
    // u^2 * 50,000: 0 -> w0, 0.5 -> w12500, just under 1 -> w49999
    assertThat(GeneratedText.word(0)).isZero();
    assertThat(GeneratedText.word(0.5)).isEqualTo(12_500);
    assertThat(GeneratedText.word(Math.nextDown(1.0))).isEqualTo(49_999);
  }
}
