package org.greentrain.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The report's "This run" section, without a warehouse; the browser test reads a real one. */
class ReportSummaryTest {

  private static ReportData.Run run(Double earlierJ, Double earlierCo2eG) {
    return new ReportData.Run(
        "nightly",
        "2026-12-06",
        "2026-12-06T01:00:00Z",
        "complete",
        2617.1,
        23917 / 3.6e6,
        3.2,
        true,
        "world",
        0.9156,
        0.9160,
        300000L,
        86000L,
        null,
        null,
        null,
        earlierJ,
        earlierCo2eG);
  }

  @Test
  void aResumedTrainingsEarlierAttemptsAreShownBesideTheTablesSums() {
    StringBuilder h = new StringBuilder();

    // 9,208 J of earlier rounds, 1.215 g CO2e at 475 g/kWh and PUE 1.0.
    ReportHtml.summary(h, run(9208.0, 1.2150));

    assertThat(h.toString())
        .contains(
            "<td data-summary=\"nightly\" data-col=\"energy_kwh\">0.006644</td>",
            "<p id=\"earlier-attempts\">Training resumed from a checkpoint: its earlier attempts"
                + " used a further <span data-col=\"earlier_attempts_energy_kwh\">0.002558</span>"
                + " kWh and <span data-col=\"earlier_attempts_co2e_g\">1.2150</span> g CO2e, not"
                + " in the figures above, which add up this run's stage rows");
  }

  @Test
  void aRunTrainedInOneAttemptOrWrittenBeforeTheColumnsSaysNothingMore() {
    for (Double none : new Double[] {0.0, null}) {
      StringBuilder h = new StringBuilder();

      ReportHtml.summary(h, run(none, none));

      assertThat(h.toString()).contains("<h2>This run</h2>").doesNotContain("earlier-attempts");
    }
  }
}
