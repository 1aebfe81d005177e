package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskCpuTrackerTest {

  /** A fake thread CPU clock: thread id to nanoseconds, set by the test. */
  private final Map<Long, Long> clock = new HashMap<>();

  /** A fake wall clock, epoch ms. */
  private long wallMs = 1_000_000;

  private final TaskCpuTracker tracker =
      new TaskCpuTracker(id -> clock.getOrDefault(id, -1L), () -> wallMs);
  private final TaskKey a = new TaskKey(1, 3, 0, 0, 0, "train");
  private final TaskKey b = new TaskKey(2, 3, 0, 1, 0, "train");

  @Test
  void cpuIsCutIntoWindowsFromEachThreadsOwnClock() {
    clock.put(10L, 5_000_000_000L);
    clock.put(11L, 0L);
    tracker.start(a, 10);
    tracker.start(b, 11);
    clock.put(10L, 5_300_000_000L);
    clock.put(11L, 100_000_000L);

    Map<TaskKey, TaskCpuTracker.TaskWindow> first = tracker.closeWindow();

    assertThat(first.get(a)).isEqualTo(new TaskCpuTracker.TaskWindow(0.3, "running"));
    assertThat(first.get(b)).isEqualTo(new TaskCpuTracker.TaskWindow(0.1, "running"));

    clock.put(10L, 5_500_000_000L);
    tracker.end(a, "success");
    clock.put(11L, 400_000_000L);
    tracker.end(b, "failed");

    Map<TaskKey, TaskCpuTracker.TaskWindow> second = tracker.closeWindow();
    assertThat(second.get(a)).isEqualTo(new TaskCpuTracker.TaskWindow(0.2, "success"));
    assertThat(second.get(b).status()).isEqualTo("failed");
    assertThat(second.get(b).cpuSeconds())
        .isEqualTo(0.3, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(tracker.closeWindow()).isEmpty();
    assertThat(tracker.runningTasks()).isZero();
  }

  @Test
  void aTaskHoldsItsGpusForTheWallTimeItRunsInEachWindow() {
    List<String> twoA100s = List.of("NVIDIA A100-SXM4-80GB", "NVIDIA A100-SXM4-80GB");
    tracker.closeWindow(wallMs);
    // Starts 30 min into a window that closes at 60 min; ends 15 min into the next.
    wallMs += 1_800_000;
    tracker.start(a, 10, twoA100s);
    wallMs += 1_800_000;

    TaskCpuTracker.TaskWindow first = tracker.closeWindow(wallMs).get(a);
    wallMs += 900_000;
    tracker.end(a, "success");
    TaskCpuTracker.TaskWindow second = tracker.closeWindow(wallMs + 2_700_000).get(a);

    // 1800 s × 2 GPUs = 1.0 GPU hour; then 900 s × 2 = 0.5.
    assertThat(first.heldSeconds()).isEqualTo(1800.0);
    assertThat(first.gpus()).isEqualTo(twoA100s);
    assertThat(first.gpuHours()).isCloseTo(1.0, within(1e-12));
    assertThat(second.heldSeconds()).isEqualTo(900.0);
    assertThat(second.status()).isEqualTo("success");
    assertThat(second.gpuHours()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void aTaskWithoutGpusHasNoGpuHours() {
    tracker.start(a, 10);
    wallMs += 3_600_000;

    TaskCpuTracker.TaskWindow w = tracker.closeWindow().get(a);

    assertThat(w.heldSeconds()).isEqualTo(3600.0);
    assertThat(w.gpus()).isEmpty();
    assertThat(w.gpuHours()).isZero();
  }

  @Test
  void anEndWithoutAStartIsIgnored() {
    tracker.end(a, "success");

    assertThat(tracker.closeWindow()).isEmpty();
  }
}
