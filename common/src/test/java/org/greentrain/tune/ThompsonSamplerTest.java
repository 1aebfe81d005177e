package org.greentrain.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.greentrain.data.Seeds;
import org.greentrain.train.ZeusCost;
import org.junit.jupiter.api.Test;

class ThompsonSamplerTest {

  @Test
  void untriedSettingsAreExploredFirstInListOrder() {
    ThompsonSampler.Choice none = ThompsonSampler.choose(List.of(List.of(), List.of()), 1);
    assertThat(none.arm()).isZero();
    assertThat(none.explored()).isTrue();

    // The second is untried, though the third is far cheaper.
    ThompsonSampler.Choice second =
        ThompsonSampler.choose(List.of(List.of(100.0, 101.0), List.of(), List.of(5.0)), 1);
    assertThat(second.arm()).isEqualTo(1);
    assertThat(second.explored()).isTrue();
    assertThat(second.reason()).isEqualTo("settings 2 not tried yet");
  }

  @Test
  void settingsFarCheaperWithTightCostsAreExploitedWhateverTheSeed() {
    // Means 100.25, 50, 200; standard errors about 0.85, 0.41 and 5.8: the second arm's draws
    // (50 +- 3 at six standard errors) never come near the others'.
    List<List<Double>> costs =
        List.of(
            List.of(100.0, 102.0, 98.0, 101.0),
            List.of(50.0, 51.0, 49.0, 50.0),
            List.of(200.0, 190.0, 210.0));
    for (long seed = 0; seed < 200; seed++) {
      ThompsonSampler.Choice c = ThompsonSampler.choose(costs, seed);
      assertThat(c.arm()).as("seed %d", seed).isEqualTo(1);
      assertThat(c.explored()).as("seed %d", seed).isFalse();
    }
  }

  @Test
  void aWideArmIsExploredAsOftenAsItsPosteriorSays() {
    // Arm 0: mean 100, sample sd 40 (deviations 0, -40, 40; 3200 / 2 = 1600), standard error
    // 40 / sqrt(3) = 23.09. Arm 1: mean 95, sd 1, standard error 0.577. Arm 0 wins when its draw
    // is lower: P = Phi((95 - 100) / sqrt(23.09^2 + 0.577^2)) = Phi(-0.2165) = 0.4143.
    List<List<Double>> costs = List.of(List.of(100.0, 60.0, 140.0), List.of(95.0, 96.0, 94.0));
    int wide = 0;
    int n = 2000;
    for (long seed = 0; seed < n; seed++) {
      ThompsonSampler.Choice c = ThompsonSampler.choose(costs, seed);
      if (c.arm() == 0) {
        wide++;
        assertThat(c.explored()).as("arm 1 has the lower mean").isTrue();
      } else {
        assertThat(c.explored()).isFalse();
      }
    }
    // Binomial sd sqrt(2000 x 0.4143 x 0.5857) = 22; within 4 sd of 828.6.
    assertThat(wide).isBetween(741, 917);
  }

  @Test
  void theChoiceForAFixedSeedIsTheLowestOfTheDrawsInArmOrder() {
    // Arm 0: mean 10, sample variance (4 + 4) / 1 = 8, standard error sqrt(8 / 2) = 2. Arm 2:
    // mean 10.5, variance (0.25 + 0.25) / 1 = 0.5 (above the floor (0.01 x 10.5)^2 = 0.011),
    // standard error sqrt(0.5 / 2) = 0.5. Arm 1, one cost of 11, takes the variance pooled over
    // arms 0 and 2, (8 + 0.5) / 2 = 4.25: standard error sqrt(4.25 / 1).
    List<List<Double>> costs = List.of(List.of(8.0, 12.0), List.of(11.0), List.of(10.0, 11.0));
    for (long seed : new long[] {42, 7, 2026}) {
      Random z = new Random(Seeds.mix(seed, 0));
      double[] expected = {
        10 + 2 * z.nextGaussian(),
        11 + Math.sqrt(4.25) * z.nextGaussian(),
        10.5 + 0.5 * z.nextGaussian()
      };
      int lowest = 0;
      for (int a = 1; a < 3; a++) {
        lowest = expected[a] < expected[lowest] ? a : lowest;
      }

      ThompsonSampler.Choice c = ThompsonSampler.choose(costs, seed);

      assertThat(c.draws()[0]).isCloseTo(expected[0], within(1e-9));
      assertThat(c.draws()[1]).isCloseTo(expected[1], within(1e-9));
      assertThat(c.draws()[2]).isCloseTo(expected[2], within(1e-9));
      assertThat(c.arm()).as("seed %d", seed).isEqualTo(lowest);
      // Arm 0 has the lowest mean, 10.
      assertThat(c.explored()).isEqualTo(lowest != 0);
      assertThat(ThompsonSampler.choose(costs, seed)).usingRecursiveComparison().isEqualTo(c);
    }
  }

  @Test
  void identicalCostsStillLeaveRoomToExplore() {
    // Both arms cost exactly 100 each time: with no variance the first would always win; the 1%
    // floor (sd 1, standard error 1 / sqrt(2)) makes each win about half the time.
    List<List<Double>> costs = List.of(List.of(100.0, 100.0), List.of(100.0, 100.0));
    int second = 0;
    for (long seed = 0; seed < 400; seed++) {
      second += ThompsonSampler.choose(costs, seed).arm();
    }
    // Binomial sd 10 around 200.
    assertThat(second).isBetween(150, 250);
  }

  @Test
  void zeusCostWeighsEnergyAgainstTimeAtFullPower() {
    ZeusCost cost = new ZeusCost(0.5, 200);
    // 0.5 x 1000 J + 0.5 x 200 W x 10 s
    assertThat(cost.of(1000, 10)).isEqualTo(1500.0);
    assertThat(new ZeusCost(1, 200).of(1000, 10)).isEqualTo(1000.0);
    assertThat(new ZeusCost(0, 200).of(1000, 10)).isEqualTo(2000.0);
    // Beta 2 over a least known cost of 1500: 3000 is still within, 3000.1 passes.
    assertThat(ZeusCost.passes(3000, 1500, 2)).isFalse();
    assertThat(ZeusCost.passes(3000.1, 1500, 2)).isTrue();
  }
}
