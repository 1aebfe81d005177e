package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowAttributionTest {

  private static TaskKey task(long id, String label) {
    return new TaskKey(id, 1, 0, (int) id, 0, label);
  }

  @Test
  void twoConcurrentTasksSplitByTheirCpuRatioAndTheRowsAddUpToTheNode() {
    Map<TaskKey, Double> cpu = new LinkedHashMap<>();
    cpu.put(task(1, "train"), 0.75);
    cpu.put(task(2, "train"), 0.25);

    // 10 J in the window; node busy 2 CPU s, of which the executor 1.5 s and its tasks 1.0 s.
    List<EnergyShare> shares = WindowAttribution.split(10, cpu, 1.5, 2.0);

    assertThat(shares)
        .extracting(EnergyShare::kind)
        .containsExactly("task", "task", "executor_overhead", "node_other");
    assertThat(shares.get(0).joules()).isCloseTo(3.75, within(1e-12));
    assertThat(shares.get(1).joules()).isCloseTo(1.25, within(1e-12));
    assertThat(shares.get(0).joules() / shares.get(1).joules()).isCloseTo(3.0, within(1e-12));
    assertThat(shares.get(2).joules()).isCloseTo(2.5, within(1e-12));
    assertThat(shares.get(3).joules()).isCloseTo(2.5, within(1e-12));
    assertThat(shares.stream().mapToDouble(EnergyShare::joules).sum()).isEqualTo(10.0);
  }

  @Test
  void anIdleWindowGoesToNodeOther() {
    List<EnergyShare> shares = WindowAttribution.split(4, Map.of(), 0, 0);

    assertThat(shares)
        .extracting(EnergyShare::kind)
        .containsExactly("executor_overhead", "node_other");
    assertThat(shares.get(1).joules()).isEqualTo(4.0);
  }

  @Test
  void clocksThatDisagreeAreClampedSoNoShareIsNegative() {
    // Thread clocks saw more than the process clock, which saw more than /proc/stat.
    List<EnergyShare> shares =
        WindowAttribution.split(6, Map.of(task(1, "a"), 2.0, task(2, "a"), 1.0), 2.5, 1.0);

    assertThat(shares).allSatisfy(s -> assertThat(s.joules()).isGreaterThanOrEqualTo(0));
    assertThat(shares.stream().mapToDouble(EnergyShare::joules).sum())
        .isCloseTo(6.0, within(1e-12));
    assertThat(shares.get(shares.size() - 1).joules()).isCloseTo(0, within(1e-12));
  }

  @Test
  void negativeOrNonFiniteEnergyIsRejected() {
    assertThatThrownBy(() -> WindowAttribution.split(-1, Map.of(), 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid window energy: -1.0 J");
    assertThatThrownBy(() -> WindowAttribution.split(Double.NaN, Map.of(), 0, 0))
        .hasMessage("Invalid window energy: NaN J");
  }
}
