package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The GPU hours a task held and their embodied emissions (docs/energy-model.md, "GPUs"), from the
 * executor's task window through the host's attribution to the driver's row, stage and interval
 * sums. Expected values are worked out by hand: an A100's row is 150 kg over 6 years, 150,000 g /
 * (6 × 8760 h) = 2.853881278 g per GPU hour; the node's 876 kg over 1 year, 100 g per node hour.
 */
class GpuHoursTest {

  private static final double A100_G_PER_H = 2.853881278;
  private static final String A100 = "NVIDIA A100-SXM4-80GB";
  private static final HostIdentity HOST = new HostIdentity("machine-id:m1", "n1");
  private static final TaskKey TASK = new TaskKey(7, 3, 0, 0, 0, "train");
  private static final EmbodiedEmissionsTable GPUS =
      EmbodiedEmissionsTable.load(Path.of("../conf/gpu-embodied-emissions.csv"));
  private static final ImpactFactors NODE =
      ImpactFactors.of(
          new EmbodiedEmission("R740", 876, 1, 2019, "server"),
          1.8,
          new WaterIntensity("us", 7.6, 2014, "grid"));
  private static final CarbonIntensity CARBON = new CarbonIntensity("us", 369, 2023, "ember");

  /**
   * One executor alone on the host for one hour: its task used 900 of the host's 1800 busy CPU
   * seconds (half the node's hour) and ran for 30 minutes holding {@code gpus}.
   */
  private static List<EnergyRow> anHourWithATaskHolding(List<String> gpus) {
    HostLedger ledger = new HostLedger(HOST);
    ledger.add(
        new WindowFacts(
            "1",
            false,
            HOST,
            0,
            3_600_000,
            3.6e6,
            1800,
            900,
            Map.of(TASK, new TaskCpuTracker.TaskWindow(900, "success", 1800, gpus)),
            false,
            "rapl",
            true,
            "Dell Inc. PowerEdge R740 / Xeon"));
    return ledger.attributeUntil(3_600_000).stream()
        .map(r -> r.onDriver(1, CARBON, 1.0, NODE, GpuEmbodied.of(r.gpus().names(), GPUS)))
        .toList();
  }

  private static EnergyRow taskRow(List<EnergyRow> rows) {
    return rows.stream().filter(r -> r.kind().equals(EnergyShare.TASK)).findFirst().orElseThrow();
  }

  @Test
  void twoA100sForHalfAnHourAreOneGpuHourAddedToTheNodesShare() {
    List<EnergyRow> rows = anHourWithATaskHolding(List.of(A100, A100));

    EnergyRow task = taskRow(rows);
    // 30 min × 2 GPUs = 1.0 GPU hour, × 2.853881278 g; the node's half hour at 100 g/h is 50 g.
    assertThat(task.gpus().gpuHours()).isCloseTo(1.0, within(1e-12));
    assertThat(task.gpus().model()).isEqualTo(A100);
    assertThat(task.gpuEmbodiedCo2eGrams()).isCloseTo(A100_G_PER_H, within(1e-9));
    assertThat(task.gpuEmbodied().gramsPerGpuHour()).isCloseTo(A100_G_PER_H, within(1e-9));
    assertThat(task.gpuEmbodied().isDefault()).isFalse();
    assertThat(task.gpuEmbodied().source()).startsWith("Luccioni et al. 2022 (arXiv:2211.02001)");
    assertThat(task.nodeHours()).isCloseTo(0.5, within(1e-12));
    assertThat(task.embodiedCo2eGrams()).isCloseTo(50 + A100_G_PER_H, within(1e-9));
    // No other row holds a GPU hour: the GPUs' idle time is not charged.
    assertThat(rows).filteredOn(r -> r != task).allSatisfy(r -> noGpu(r));
  }

  private static void noGpu(EnergyRow r) {
    assertThat(r.gpus()).isEqualTo(TaskGpus.NONE);
    assertThat(r.gpuEmbodiedCo2eGrams()).isZero();
    assertThat(r.gpuEmbodied()).isEqualTo(GpuEmbodied.NONE);
  }

  @Test
  void theGpuPartIsInTheStageAndIntervalSumsAsTheNodesIs() {
    List<EnergyRow> rows = anHourWithATaskHolding(List.of(A100, A100));

    // The task row is the stage's only application row with hours (no overhead CPU): 52.8539 g.
    assertThat(StageEnergyTotals.byStage(rows).get("train").embodiedGrams())
        .isCloseTo(50 + A100_G_PER_H, within(1e-9));
    // A round or evaluation over the hour's first half gets half the row, prorated by time.
    assertThat(NodeEnergy.applicationSumBetween(rows, 0, 1_800_000, EnergyRow::embodiedCo2eGrams))
        .isCloseTo((50 + A100_G_PER_H) / 2, within(1e-9));
  }

  @Test
  void aGpuNoRowNamesGetsTheFlaggedDefault() {
    EnergyRow task = taskRow(anHourWithATaskHolding(List.of("NVIDIA H100 80GB HBM3")));

    // 30 min × 1 GPU at the default's 150 kg over 6 years.
    assertThat(task.gpus().gpuHours()).isCloseTo(0.5, within(1e-12));
    assertThat(task.gpuEmbodiedCo2eGrams()).isCloseTo(0.5 * A100_G_PER_H, within(1e-9));
    assertThat(task.gpuEmbodied().isDefault()).isTrue();
    assertThat(task.gpuEmbodied().source()).startsWith("Unknown GPU - default: ");
  }

  @Test
  void aTaskWithoutAGpuHasNoGpuHours() {
    List<EnergyRow> rows = anHourWithATaskHolding(List.of());

    assertThat(rows).allSatisfy(GpuHoursTest::noGpu);
    assertThat(taskRow(rows).embodiedCo2eGrams()).isCloseTo(50, within(1e-9));
  }

  @Test
  void aTasksGpuHoursInMisalignedWindowsAreProratedAndAddUpToTheTimeItHeldThem() {
    HostLedger ledger = new HostLedger(HOST);
    ledger.add(HostLedgerTest.driver(0, 1000));
    ledger.add(
        new WindowFacts(
            "1",
            false,
            HOST,
            500,
            1500,
            50,
            1.0,
            0.6,
            Map.of(TASK, new TaskCpuTracker.TaskWindow(0.5, "success", 0.8, List.of(A100))),
            false,
            "rapl",
            false,
            ""));
    ledger.add(HostLedgerTest.driver(1000, 2000));

    List<EnergyRow> tasks =
        ledger.attributeUntil(2000).stream()
            .filter(r -> r.kind().equals(EnergyShare.TASK))
            .toList();

    // The executor's window lies half in each driver stretch: 0.4 s of the task's 0.8 s in each.
    assertThat(tasks).hasSize(2);
    assertThat(tasks)
        .allSatisfy(r -> assertThat(r.gpus().gpuHours()).isCloseTo(0.4 / 3600, within(1e-15)));
  }

  @Test
  void mixedGpusAreEachChargedTheirOwnRate() {
    EmbodiedEmissionsTable table =
        EmbodiedEmissionsTable.load(
            new java.io.StringReader(
                "hardware_pattern,kg_co2e,lifetime_years,year,source\n"
                    + "A100,876,1,2022,a100\n"
                    + "*,438,1,2022,other\n"),
            "gpus.csv");

    GpuEmbodied mixed = GpuEmbodied.of(List.of("NVIDIA A100", "Tesla T4"), table);

    // 100 and 50 g per GPU hour: one hour of each is 150 g, 2 GPU hours at the mean 75 g/h.
    assertThat(mixed.grams(2)).isCloseTo(150, within(1e-9));
    assertThat(mixed.source()).isEqualTo("a100; other");
    assertThat(mixed.isDefault()).isTrue();
  }
}
