package org.greentrain.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.greentrain.store.TuningTrial;
import org.junit.jupiter.api.Test;

/** The report's tuning section, without a warehouse; the browser test reads a real one. */
class ReportTuningSectionTest {

  @Test
  void withoutATuningRunTheSectionSaysSoInOneLine() {
    StringBuilder h = new StringBuilder();

    ReportHtml.tuning(h, null, Map.of());

    assertThat(h.toString())
        .isEqualTo(
            "<h2>Tuning trials: accuracy against energy</h2>\n"
                + "<p id=\"tuning-status\">No tuning run in the warehouse: the tuning_trials"
                + " table has no rows (`greentrain tune` writes them).</p>\n");
  }

  @Test
  void theTrialsAndTunesOwnChartAreShownWhenNoTrialWasRecommended() {
    TuningTrial missed =
        new TuningTrial(
            1, "{}", 0.9, false, 0.85, null, null, 120.0, 30.0, 0.0156, 4, true, true, false, "");
    ReportData.Tuning tuning = new ReportData.Tuning("tune-1", List.of(missed));
    String svg = TuningChart.svg("tune-1", tuning.trials());
    StringBuilder h = new StringBuilder();

    ReportHtml.tuning(h, tuning, Map.of(TuningChart.FILE, svg.getBytes(StandardCharsets.UTF_8)));

    assertThat(h.toString())
        .contains(
            "Latest tuning run tune-1: 1 trial to validation accuracy 0.9000; no trial"
                + " recommended (none reached the target).",
            "<td data-trial=\"1\" data-col=\"energy_to_accuracy_j\">-</td>",
            "<td data-trial=\"1\" data-col=\"energy_j\">120.0</td>",
            "<td>no, stopped early</td>",
            "<td>Pareto front</td>",
            "data-chart=\"tuning\"",
            "src=\"data:image/svg+xml;base64,"
                + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8)));
  }
}
