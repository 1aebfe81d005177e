package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskCpuTrackerTest {

  /** A fake thread CPU clock: thread id to nanoseconds, set by the test. */
  private final Map<Long, Long> clock = new HashMap<>();

  private final TaskCpuTracker tracker = new TaskCpuTracker(id -> clock.getOrDefault(id, -1L));
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
  void anEndWithoutAStartIsIgnored() {
    tracker.end(a, "success");

    assertThat(tracker.closeWindow()).isEmpty();
  }
}
