package org.greentrain.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatestComparisonTest {

  private static ReportData.Run run(String id, double kwh, Double accuracy, Long int8Bytes) {
    return new ReportData.Run(
        id,
        "2026-11-29",
        "2026-11-29T01:00:00Z",
        "complete",
        80.0,
        kwh,
        kwh * 475,
        true,
        "world",
        accuracy,
        accuracy,
        834231L,
        int8Bytes,
        null,
        null,
        null,
        0.0,
        0.0);
  }

  @Test
  void withoutLatestThereIsNothingToCompareAndThePageSaysWhy() {
    LatestComparison none = new LatestComparison("fashion-cnn", null, null);

    assertThat(none.whyNoComparison(run("b", 0.0003, 0.85, 197133L)))
        .isEqualTo(
            "No LATEST: no version of fashion-cnn has passed the quality gate yet, so there is"
                + " nothing to compare with.");
    assertThat(none.deltas(run("b", 0.0003, 0.85, 197133L))).isEmpty();
  }

  @Test
  void aRunThatIsLatestIsNotComparedWithItself() {
    ReportData.Run b = run("b", 0.0003, 0.85, 197133L);
    LatestComparison self = new LatestComparison("fashion-cnn", "b", b);

    assertThat(self.whyNoComparison(b))
        .isEqualTo("This run is LATEST: models/fashion-cnn/LATEST points at it.");
    assertThat(self.deltas(b)).isEmpty();
  }

  @Test
  void aLatestWhoseRunRowIsGoneIsNamed() {
    LatestComparison gone = new LatestComparison("fashion-cnn", "a", null);

    assertThat(gone.whyNoComparison(run("b", 0.0003, 0.85, 197133L)))
        .isEqualTo(
            "LATEST points at a, whose run has no row in the runs table, so there is nothing to"
                + " compare with.");
  }

  @Test
  void theChangeIsThisRunMinusLatestAndMetricsEitherRunLacksAreLeftOut() {
    ReportData.Run a = run("a", 0.0004, 0.80, null);
    ReportData.Run b = run("b", 0.0003, 0.85, 197133L);

    List<LatestComparison.Delta> d = new LatestComparison("fashion-cnn", "a", a).deltas(b);

    assertThat(new LatestComparison("fashion-cnn", "a", a).whyNoComparison(b)).isNull();
    assertThat(d)
        .extracting(LatestComparison.Delta::id)
        .containsExactly("energy_kwh", "co2e_g", "fp32_accuracy", "int8_accuracy", "fp32_bytes");
    assertThat(d.get(0).change()).isCloseTo(-0.0001, within(1e-12));
    assertThat(d.get(0).thisRun()).isEqualTo(0.0003);
    assertThat(d.get(0).latest()).isEqualTo(0.0004);
    assertThat(d.get(2).change()).isCloseTo(0.05, within(1e-12));
    assertThat(d.get(4).change()).isZero();
  }
}
