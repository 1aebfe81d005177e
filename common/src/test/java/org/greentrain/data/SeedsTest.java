package org.greentrain.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeedsTest {

  @Test
  void isAPureFunctionOfItsInputs() {
    assertThat(Seeds.mix(42, 1, 7)).isEqualTo(Seeds.mix(42, 1, 7));
    assertThat(Seeds.mix(42, 1)).isEqualTo(Seeds.mix(42, 1));
  }

  @Test
  void dependsOnOrder() {
    assertThat(Seeds.mix(1, 2, 3)).isNotEqualTo(Seeds.mix(3, 2, 1));
    assertThat(Seeds.mix(1, 2)).isNotEqualTo(Seeds.mix(2, 1));
  }

  @Test
  void neighbouringTuplesGiveDistinctSeeds() {
    Set<Long> seen = new HashSet<>();
    for (long copy = 0; copy < 8; copy++) {
      for (long record = 0; record < 1000; record++) {
        seen.add(Seeds.mix(0, copy, record));
      }
    }
    assertThat(seen).hasSize(8000);
    assertThat(Seeds.mix(0, 0, 0)).isNotZero();
  }

  @Test
  void flipsAboutHalfTheBitsWhenOneInputBitChanges() {
    long totalFlipped = 0;
    int trials = 2000;
    for (int i = 0; i < trials; i++) {
      totalFlipped += Long.bitCount(Seeds.mix(42, 1, i) ^ Seeds.mix(42, 1, i ^ 1L << (i % 64)));
    }
    assertThat((double) totalFlipped / trials).isBetween(30.0, 34.0);
  }

  @Test
  void rngRepeatsItsStreamForTheSameTriple() {
    SplittableRandom a = Seeds.rng(42, 2, 123);
    SplittableRandom b = Seeds.rng(42, 2, 123);
    SplittableRandom other = Seeds.rng(42, 2, 124);

    long first = a.nextLong();
    assertThat(first).isEqualTo(b.nextLong());
    assertThat(a.nextLong()).isEqualTo(b.nextLong());
    assertThat(other.nextLong()).isNotEqualTo(first);
  }
}
