package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The GPUs' names a task's GPU hours are charged by, from a fake nvidia-smi. */
class GpuNamesTest {

  private final List<String> warnings = new ArrayList<>();

  @Test
  void sparksAddressesAreNvidiaSmisIndices() {
    FakeCommandRunner smi =
        new FakeCommandRunner().prints("0, NVIDIA A100-SXM4-80GB", "1, Tesla T4", "");

    GpuNames names = GpuNames.query(smi, warnings::add);

    assertThat(names.of(List.of("1", "0"))).containsExactly("Tesla T4", "NVIDIA A100-SXM4-80GB");
    assertThat(smi.commands)
        .containsExactly(List.of("nvidia-smi", "--query-gpu=index,name", "--format=csv,noheader"));
    assertThat(warnings).isEmpty();
  }

  @Test
  void anAddressNvidiaSmiDoesNotListIsAnUnknownGpu() {
    GpuNames names =
        GpuNames.query(new FakeCommandRunner().prints("0, NVIDIA A100-SXM4-80GB"), warnings::add);

    assertThat(names.of(List.of("0", "GPU-5f1c"))).containsExactly("NVIDIA A100-SXM4-80GB", "");
  }

  @Test
  void withoutNvidiaSmiNoGpuIsNamedAndNothingIsSaid() {
    GpuNames names = GpuNames.query(new FakeCommandRunner().missing(), warnings::add);

    assertThat(names.of(List.of("0", "1"))).isEmpty();
    assertThat(warnings).isEmpty();
  }

  @Test
  void aFailingNvidiaSmiNamesNoGpuAndSaysWhy() {
    GpuNames names =
        GpuNames.query(
            new FakeCommandRunner().fails("nvidia-smi exited with status 9"), warnings::add);

    assertThat(names.of(List.of("0"))).isEmpty();
    assertThat(warnings)
        .containsExactly(
            "Cannot name the GPUs with nvidia-smi, so their hours are not charged:"
                + " nvidia-smi exited with status 9");
  }

  @Test
  void aLineWithoutANameIsRefusedByLine() {
    GpuNames names = GpuNames.query(new FakeCommandRunner().prints("0"), warnings::add);

    assertThat(names.of(List.of("0"))).isEmpty();
    assertThat(warnings)
        .containsExactly(
            "Cannot name the GPUs with nvidia-smi, so their hours are not charged:"
                + " Invalid nvidia-smi line, expected index,name: 0");
  }
}
