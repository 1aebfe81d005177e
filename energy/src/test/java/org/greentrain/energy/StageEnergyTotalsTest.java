package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageEnergyTotalsTest {

  private static EnergyRow row(
      String executor,
      String host,
      long start,
      String kind,
      String label,
      long task,
      String status,
      double cpu,
      double joules) {
    return new EnergyRow(
        executor,
        host,
        start,
        start + 1000,
        kind,
        label,
        label.isEmpty() ? -1 : 1,
        0,
        task,
        0,
        0,
        status,
        cpu,
        joules,
        true,
        "cpu-time-model",
        -1,
        0,
        "",
        0,
        1,
        0,
        "",
        // Embodied 0.5 g and water 0.01 L per joule, so their split can be told from the energy's.
        joules * 0.5,
        joules * 0.01,
        null,
        TaskGpus.NONE,
        0,
        null);
  }

  @Test
  void overheadIsSharedByStageCpuAndTheHostsNodeOtherRowCountsOnce() {
    List<EnergyRow> rows =
        List.of(
            // executor 1, window at t=0: augment 3 CPU s, train 1 CPU s
            row("1", "h", 0, "task", "augment", 10, "success", 3, 6),
            row("1", "h", 0, "task", "train", 11, "running", 1, 2),
            row("1", "h", 0, "executor_overhead", "", -1, "", 1, 4),
            row("1", "h", 0, "node_other", "", -1, "", 0, 8),
            // executor 2 on the same host: the driver attributed the host once, one node_other
            row("2", "h", 0, "task", "train", 12, "failed", 1, 2),
            row("2", "h", 0, "executor_overhead", "", -1, "", 0, 0));

    Map<String, StageEnergyTotals> totals = StageEnergyTotals.byStage(rows);

    StageEnergyTotals augment = totals.get("augment");
    assertThat(augment.taskJoules()).isEqualTo(6);
    assertThat(augment.overheadJoules()).isCloseTo(3, within(1e-12));
    StageEnergyTotals train = totals.get("train");
    assertThat(train.taskJoules()).isEqualTo(4);
    assertThat(train.overheadJoules()).isCloseTo(1, within(1e-12));
    assertThat(train.tasks()).isEqualTo(2);
    assertThat(train.failedTasks()).isEqualTo(1);
    assertThat(train.failedJoules()).isEqualTo(2);
    assertThat(totals.get(StageEnergyTotals.NODE_OTHER_LABEL).joules()).isEqualTo(8);
    // Embodied (0.5 g/J in these rows) and water (0.01 L/J) are shared out like the energy: the
    // augment task's 3 g plus 3/4 of executor 1's 2 g of overhead.
    assertThat(augment.embodiedGrams()).isCloseTo(4.5, within(1e-12));
    assertThat(train.embodiedGrams()).isCloseTo(2.5, within(1e-12));
    assertThat(augment.waterLitres()).isCloseTo(0.09, within(1e-12));
    assertThat(totals.get(StageEnergyTotals.NODE_OTHER_LABEL).embodiedGrams()).isEqualTo(4);
    // All labels together are all the rows.
    assertThat(totals.values().stream().mapToDouble(StageEnergyTotals::embodiedGrams).sum())
        .isCloseTo(rows.stream().mapToDouble(EnergyRow::embodiedCo2eGrams).sum(), within(1e-12));
  }

  @Test
  void nodeEnergyBetweenInstantsCountsEveryRowProrated() {
    List<EnergyRow> rows =
        List.of(
            row("1", "h", 0, "task", "a", 1, "running", 1, 6),
            row("1", "h", 0, "node_other", "", -1, "", 0, 4),
            row("1", "h", 1000, "node_other", "", -1, "", 0, 10),
            row("driver", "d", 0, "driver", "", -1, "", 1, 3));

    // [500, 1500]: half of host h's first stretch (10 J), half of its second (10 J), half of d's.
    assertThat(NodeEnergy.joulesBetween(rows, 500, 1500)).isCloseTo(5 + 5 + 1.5, within(1e-12));
  }
}
