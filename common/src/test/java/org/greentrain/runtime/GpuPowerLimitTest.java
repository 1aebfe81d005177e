package org.greentrain.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.greentrain.energy.CommandRunner;
import org.greentrain.error.UserError;
import org.junit.jupiter.api.Test;

class GpuPowerLimitTest {

  /**
   * nvidia-smi over one node's GPUs, each with a limit in W and the range 100-300 W; it records
   * every command and refuses {@code -pl} unless permitted, as nvidia-smi does for a non-root user.
   */
  private static final class FakeNvidiaSmi implements CommandRunner {
    final List<String> calls = new ArrayList<>();
    final double[] limit = {250, 250};
    boolean permitted = true;
    String limitsLine = null;

    @Override
    public List<String> run(List<String> command) throws IOException {
      calls.add(String.join(" ", command.subList(1, command.size())));
      int gpu = Integer.parseInt(command.get(2));
      if (command.get(3).equals("-pl")) {
        if (!permitted) {
          throw new CommandFailedException(
              "Cannot run nvidia-smi: exit status 4: Changing power management limit is not"
                  + " supported in current scope for GPU: 00000000:3B:00.0. Insufficient"
                  + " Permissions");
        }
        limit[gpu] = Double.parseDouble(command.get(4));
        return List.of("Power limit for GPU 00000000:3B:00.0 was set to " + command.get(4) + " W");
      }
      return List.of(
          limitsLine != null
              ? limitsLine
              : String.format(Locale.ROOT, "%.2f, 100.00, 300.00", limit[gpu]));
    }
  }

  private static final String QUERY =
      "--query-gpu=power.limit,power.min_limit,power.max_limit --format=csv,noheader,nounits";

  @Test
  void setsTheLimitWhileHeldAndPutsTheOldOneBack() {
    FakeNvidiaSmi smi = new FakeNvidiaSmi();
    GpuPowerLimit limits = new GpuPowerLimit(smi);

    GpuPowerLimit.Outcome outcome = limits.acquire(1, 150);

    assertThat(smi.limit[1]).isEqualTo(150);
    assertThat(outcome.applied()).isTrue();
    assertThat(outcome.describe()).isEqualTo("GPU 1 power limit 150 W (was 250 W)");
    limits.release(1);
    assertThat(smi.limit[1]).isEqualTo(250);
    assertThat(smi.calls).containsExactly("-i 1 " + QUERY, "-i 1 -pl 150.00", "-i 1 -pl 250.00");
    assertThat(smi.limit[0]).isEqualTo(250);
  }

  @Test
  void twoTasksOnOneGpuSetItOnceAndTheLastRestoresIt() {
    FakeNvidiaSmi smi = new FakeNvidiaSmi();
    GpuPowerLimit limits = new GpuPowerLimit(smi);

    limits.acquire(0, 200);
    limits.acquire(0, 200);
    limits.release(0);

    assertThat(smi.limit[0]).as("still held by the second task").isEqualTo(200);
    limits.release(0);
    assertThat(smi.limit[0]).isEqualTo(250);
    assertThat(smi.calls).containsExactly("-i 0 " + QUERY, "-i 0 -pl 200.00", "-i 0 -pl 250.00");
  }

  @Test
  void withoutPermissionTrainingGoesOnAtTheGpusOwnLimitAndSaysWhy() {
    FakeNvidiaSmi smi = new FakeNvidiaSmi();
    smi.permitted = false;
    GpuPowerLimit limits = new GpuPowerLimit(smi);

    GpuPowerLimit.Outcome outcome = limits.acquire(0, 150);
    limits.release(0);

    assertThat(outcome.applied()).isFalse();
    assertThat(outcome.describe())
        .startsWith("GPU 0 power limit 150 W not applied: Cannot run nvidia-smi: exit status 4")
        .endsWith("Insufficient Permissions");
    assertThat(smi.limit[0]).isEqualTo(250);
    assertThat(smi.calls)
        .as("nothing to restore")
        .containsExactly("-i 0 " + QUERY, "-i 0 -pl 150.00");
  }

  @Test
  void aLimitOutsideTheGpusRangeIsTheUsersErrorAndChangesNothing() {
    FakeNvidiaSmi smi = new FakeNvidiaSmi();
    GpuPowerLimit limits = new GpuPowerLimit(smi);

    assertThatThrownBy(() -> limits.acquire(1, 50))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "Invalid train.gpu-power-limit-w: 50 W is outside GPU 1's range, 100 W to 300 W"
                + " (nvidia-smi)");
    assertThat(smi.calls).containsExactly("-i 1 " + QUERY);

    // Not held: the next task asks again.
    limits.acquire(1, 300);
    assertThat(smi.limit[1]).isEqualTo(300);
  }

  @Test
  void aGpuAlreadyAtTheLimitIsLeftAlone() {
    FakeNvidiaSmi smi = new FakeNvidiaSmi();
    GpuPowerLimit limits = new GpuPowerLimit(smi);

    assertThat(limits.acquire(0, 250).describe()).isEqualTo("GPU 0 power limit 250 W (was 250 W)");
    limits.release(0);

    assertThat(smi.calls).containsExactly("-i 0 " + QUERY);
  }

  @Test
  void aGpuWithoutPowerManagementOrWithoutNvidiaSmiIsNotLimited() {
    FakeNvidiaSmi smi = new FakeNvidiaSmi();
    smi.limitsLine = "[N/A], [N/A], [N/A]";
    GpuPowerLimit.Outcome na = new GpuPowerLimit(smi).acquire(0, 150);
    assertThat(na.describe())
        .isEqualTo(
            "GPU 0 power limit 150 W not applied: GPU 0 has no settable power limit"
                + " (nvidia-smi: [N/A], [N/A], [N/A])");

    GpuPowerLimit.Outcome missing =
        new GpuPowerLimit(
                command -> {
                  throw new IOException("Cannot run program \"nvidia-smi\": error=2");
                })
            .acquire(0, 150);
    assertThat(missing.applied()).isFalse();
    assertThat(missing.reason()).contains("error=2");
  }

  @Test
  void theReleaseOfAGpuNeverAcquiredDoesNothing() {
    FakeNvidiaSmi smi = new FakeNvidiaSmi();
    new GpuPowerLimit(smi).release(0);
    assertThat(smi.calls).isEmpty();
  }
}
