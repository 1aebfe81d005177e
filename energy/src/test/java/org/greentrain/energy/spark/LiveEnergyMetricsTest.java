package org.greentrain.energy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.util.List;
import org.greentrain.energy.EnergyRow;
import org.greentrain.energy.EnergyShare;
import org.greentrain.energy.TaskGpus;
import org.junit.jupiter.api.Test;

class LiveEnergyMetricsTest {

  private final MetricRegistry registry = new MetricRegistry();
  // 360 g/kWh at PUE 1: 1e-4 g per joule.
  private final LiveEnergyMetrics live = new LiveEnergyMetrics(registry, 360, 1.0);

  @Test
  void aWindowsOverheadIsSharedByItsStagesCpuAndWattsFollowTheLatestWindow() {
    // Window 0-1000 ms of executor 1: stage a 3 J on 3 CPU s, stage b 1 J on 1 CPU s, 2 J
    // overhead (1.5 to a, 0.5 to b), 4 J idle.
    live.addAll(
        List.of(
            row("1", 0, 1000, EnergyShare.TASK, "a", 3, 3),
            row("1", 0, 1000, EnergyShare.TASK, "b", 1, 1),
            row("1", 0, 1000, EnergyShare.EXECUTOR_OVERHEAD, "", 0, 2),
            row("1", 0, 1000, EnergyShare.NODE_OTHER, "", 0, 4)));
    // Next window, 500 ms: stage a alone, 1 J.
    live.addAll(List.of(row("1", 1000, 1500, EnergyShare.TASK, "a", 1, 1)));

    assertThat(gauge("energy.joules")).isCloseTo(11, within(1e-12));
    assertThat(gauge("energy.stage.a.joules")).isCloseTo(5.5, within(1e-12));
    assertThat(gauge("energy.stage.b.joules")).isCloseTo(1.5, within(1e-12));
    assertThat(gauge("energy.stage._node_other_.joules")).isCloseTo(4, within(1e-12));
    assertThat(gauge("energy.stage.a.co2e_grams")).isCloseTo(5.5e-4, within(1e-15));
    assertThat(gauge("energy.executor.1.joules")).isCloseTo(11, within(1e-12));
    assertThat(gauge("energy.executor.1.watts")).isCloseTo(2, within(1e-12));
  }

  @Test
  void labelsAndIdsBecomeOneNameSegment() {
    assertThat(LiveEnergyMetrics.safe("train.fine tune")).isEqualTo("train_fine_tune");
    assertThat(LiveEnergyMetrics.safe("")).isEqualTo("_");
    assertThat(LiveEnergyMetrics.safe("evaluate-2_b")).isEqualTo("evaluate-2_b");
  }

  private double gauge(String name) {
    Gauge<?> g = registry.getGauges().get(name);
    assertThat(g).as(name + " among " + registry.getNames()).isNotNull();
    return ((Number) g.getValue()).doubleValue();
  }

  /** A row as the driver has it; co2e at 1e-4 g per joule. */
  private static EnergyRow row(
      String executor, long start, long end, String kind, String label, double cpu, double j) {
    return new EnergyRow(
        executor,
        "host",
        start,
        end,
        kind,
        label,
        label.isEmpty() ? -1 : 1,
        0,
        7,
        0,
        0,
        "success",
        cpu,
        j,
        false,
        "rapl",
        0,
        j * 1e-4,
        "fr",
        360,
        1.0,
        0,
        "",
        0,
        0,
        null,
        TaskGpus.NONE,
        0,
        null);
  }
}
