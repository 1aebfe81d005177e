package org.greentrain.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PairedRatiosTest {

  @Test
  void eachPairIsOnOverOffWhicheverRanFirst() {
    // (off 10, on 11) -> 1.1; (on 9, off 10) -> 0.9; (off 8, on 8.4) -> 1.05
    PairedRatios pairs =
        PairedRatios.of(
            List.of(10.0, 11.0, 9.0, 10.0, 8.0, 8.4),
            List.of(false, true, true, false, false, true));

    assertThat(pairs.ratios().get(0)).isCloseTo(1.1, within(1e-12));
    assertThat(pairs.ratios().get(1)).isCloseTo(0.9, within(1e-12));
    assertThat(pairs.ratios().get(2)).isCloseTo(1.05, within(1e-12));
    assertThat(pairs.median()).isCloseTo(1.05, within(1e-12));
    assertThat(pairs.describe()).isEqualTo("1.050 (no interval below 6 pairs)");
  }

  @Test
  void theIntervalIsTheOrderStatisticsThatHold95PercentWhateverTheDistribution() {
    // Binomial(n, 1/2): n = 5, P(X = 0) = 1/32, two-sided 0.0625 > 0.05: no interval.
    // n = 6: 2/64 = 0.031 <= 0.05 but 2 * 7/64 = 0.22: k = 1.
    // n = 15: P(X <= 3) = 576/32768, two-sided 0.035; P(X <= 4) = 1941/32768, 0.118: k = 4.
    // n = 20: P(X <= 5) = 21700/1048576, two-sided 0.041; P(X <= 6) = 0.058 two-sided 0.115: k = 6.
    assertThat(PairedRatios.orderOfBound(5)).isZero();
    assertThat(PairedRatios.orderOfBound(6)).isEqualTo(1);
    assertThat(PairedRatios.orderOfBound(15)).isEqualTo(4);
    assertThat(PairedRatios.orderOfBound(20)).isEqualTo(6);
  }

  @Test
  void fifteenPairsGiveTheFourthSmallestAndFourthLargest() {
    List<Double> ratios =
        List.of(
            1.07, 0.95, 1.01, 0.99, 1.03, 1.00, 0.92, 1.02, 0.98, 1.05, 0.97, 1.04, 1.00, 0.96,
            1.01);
    // sorted: 0.92 0.95 0.96 [0.97] 0.98 0.99 1.00 [1.00] 1.01 1.01 1.02 [1.03] 1.04 1.05 1.07

    assertThat(new PairedRatios(ratios).describe()).isEqualTo("1.000 [0.970, 1.030]");
  }

  @Test
  void runsThatAreNotOneOffAndOneOnPerPairAreRefused() {
    assertThatThrownBy(
            () -> PairedRatios.of(List.of(1.0, 2.0, 3.0, 4.0), List.of(false, true, true, true)))
        .hasMessage("Invalid runs: runs 3 and 4 are not one off and one on");
    assertThatThrownBy(() -> PairedRatios.of(List.of(1.0, 2.0, 3.0), List.of(false, true, false)))
        .hasMessage("Invalid runs: 3 values for 3 runs in pairs");
  }
}
