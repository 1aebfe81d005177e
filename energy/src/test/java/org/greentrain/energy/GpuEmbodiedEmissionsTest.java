package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * conf/gpu-embodied-emissions.csv: per-GPU figures, read with the node table's parser but kept out
 * of the node table (docs/energy-model.md, "GPUs").
 */
class GpuEmbodiedEmissionsTest {

  private static final Path GPUS = Path.of("../conf/gpu-embodied-emissions.csv");
  private static final Path NODES = Path.of("../conf/embodied-emissions.csv");

  @Test
  void anA100GetsBloomsFigureSpreadOverSixYears() {
    EmbodiedEmission a100 = EmbodiedEmissionsTable.load(GPUS).forHardware("NVIDIA A100-SXM4-80GB");

    assertThat(a100.isDefault()).isFalse();
    assertThat(a100.kgCo2e()).isEqualTo(150);
    assertThat(a100.year()).isEqualTo(2022);
    assertThat(a100.source()).startsWith("Luccioni et al. 2022 (arXiv:2211.02001)");
    // 150,000 g / (6 x 8760 h) = 150,000 / 52,560 = 2.853881278... g per GPU hour.
    assertThat(a100.gramsPerHour()).isCloseTo(2.853881278, within(1e-9));
    assertThat(EmbodiedEmissionsTable.load(GPUS).forHardware("NVIDIA A100 80GB PCIe").isDefault())
        .isFalse();
  }

  @Test
  void theJarCarriesTheSameGpuTable() {
    EmbodiedEmission a100 = EmbodiedEmissionsTable.loadDefaultGpus().forHardware("A100-SXM4-80GB");

    assertThat(a100).isEqualTo(EmbodiedEmissionsTable.load(GPUS).forHardware("A100-SXM4-80GB"));
    assertThat(EmbodiedEmissionsTable.loadDefaultGpus().defaultRow())
        .isEqualTo(EmbodiedEmissionsTable.load(GPUS).defaultRow());
  }

  @Test
  void aGpuWithoutACitedFigureGetsTheFlaggedLowerBound() {
    EmbodiedEmission h100 = EmbodiedEmissionsTable.load(GPUS).forHardware("NVIDIA H100 80GB HBM3");

    assertThat(h100.isDefault()).isTrue();
    assertThat(h100.source()).startsWith("Unknown GPU - default: ");
  }

  @Test
  void noNodeRowIsAGpuSoAGpuServerIsChargedAsAServer() {
    EmbodiedEmissionsTable nodes = EmbodiedEmissionsTable.load(NODES);

    assertThat(nodes.forHardware("NVIDIA DGX A100 / AMD EPYC 7742 64-Core Processor").isDefault())
        .isTrue();
  }
}
