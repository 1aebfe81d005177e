package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one idle-power rule (docs/energy-model.md, "Attribution"): a stretch's whole energy, idle
 * power included, is shared by busy CPU time; with no busy CPU it is all node_other. Expected
 * joules are worked out by hand in each test.
 */
class IdlePowerRuleTest {

  private static final TaskKey A = new TaskKey(1, 0, 0, 0, 0, "s");
  private static final TaskKey B = new TaskKey(2, 0, 0, 1, 0, "s");

  @Test
  void anIdleNodeIsAllNodeOther() {
    // Two cores, 10 s at 50 W = 500 J, nothing busy.
    List<EnergyShare> shares = WindowAttribution.split(500, Map.of(), 0, 0);

    assertThat(shares.get(shares.size() - 1).kind()).isEqualTo(EnergyShare.NODE_OTHER);
    assertThat(shares.get(shares.size() - 1).joules()).isEqualTo(500.0);
    assertThat(shares.get(0).joules()).isEqualTo(0.0);
  }

  @Test
  void oneBusyTaskOnOneOfTwoCoresPaysTheWholeWindowIdleCoreIncluded() {
    // 1 s at 50 W = 50 J; one core busy for the whole second, all of it the task's thread; the
    // other core idle. The busy CPU is 1.0 s, all the task's: the task pays 50 × 1.0 / 1.0 = 50 J.
    List<EnergyShare> shares = WindowAttribution.split(50, Map.of(A, 1.0), 1.0, 1.0);

    assertThat(shares.get(0).joules()).isCloseTo(50.0, within(1e-9));
    assertThat(shares.get(1).joules()).isCloseTo(0.0, within(1e-9));
    assertThat(shares.get(2).joules()).isCloseTo(0.0, within(1e-9));
  }

  @Test
  void twoTasksAtAThreeToOneCpuRatioSplitTheWindowThreeToOne() {
    // 2 s at 20 W = 40 J; task A 0.9 CPU s, task B 0.3 CPU s, the JVM 1.2 s, the host 1.6 s (0.4 s
    // of other processes). A: 40 × 0.9 / 1.6 = 22.5 J; B: 40 × 0.3 / 1.6 = 7.5 J; overhead 0 J;
    // node_other: 40 × 0.4 / 1.6 = 10 J.
    Map<TaskKey, Double> cpu = new LinkedHashMap<>();
    cpu.put(A, 0.9);
    cpu.put(B, 0.3);

    List<EnergyShare> shares = WindowAttribution.split(40, cpu, 1.2, 1.6);

    assertThat(shares)
        .extracting(EnergyShare::joules)
        .usingComparatorForType(
            (x, y) -> Math.abs(x - y) < 1e-9 ? 0 : Double.compare(x, y), Double.class)
        .containsExactly(22.5, 7.5, 0.0, 10.0);
  }
}
