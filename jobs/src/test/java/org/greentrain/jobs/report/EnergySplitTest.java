package org.greentrain.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.greentrain.jobs.report.EnergySplit.Interval;
import org.greentrain.jobs.report.EnergySplit.Part;
import org.greentrain.jobs.report.EnergySplit.Share;
import org.greentrain.jobs.report.EnergySplit.Window;
import org.junit.jupiter.api.Test;

class EnergySplitTest {

  @Test
  void aWindowInsideAStageCountsWhollyAndOneAcrossTwoStagesIsProratedByOverlap() {
    List<Interval> stages =
        List.of(new Interval("augment", 0, 1_000), new Interval("train", 1_000, 3_000));
    List<Window> windows =
        List.of(
            new Window(0, 1_000, Part.TASKS, 10),
            // Three quarters in augment, one quarter in train.
            new Window(250, 1_250, Part.NODE_OTHER, 8),
            new Window(1_000, 2_000, Part.WASTED, 4),
            new Window(2_000, 3_000, Part.OVERHEAD, 2),
            // After every stage: in none.
            new Window(3_000, 4_000, Part.TASKS, 100));

    List<Share> shares = EnergySplit.split(stages, windows);

    assertThat(shares).extracting(Share::stage).containsExactly("augment", "train");
    Share augment = shares.get(0);
    assertThat(augment.tasksJ()).isEqualTo(10);
    assertThat(augment.nodeOtherJ()).isCloseTo(6, within(1e-9));
    assertThat(augment.applicationJ()).isEqualTo(10);
    assertThat(augment.nodeJ()).isCloseTo(16, within(1e-9));
    Share train = shares.get(1);
    assertThat(train.tasksJ()).isZero();
    assertThat(train.wastedJ()).isEqualTo(4);
    assertThat(train.overheadJ()).isEqualTo(2);
    assertThat(train.nodeOtherJ()).isCloseTo(2, within(1e-9));
    assertThat(train.applicationJ()).isEqualTo(6);
  }

  @Test
  void anEmptyWindowAddsNothingRatherThanDividingByZero() {
    List<Share> shares =
        EnergySplit.split(
            List.of(new Interval("publish", 0, 1_000)),
            List.of(new Window(500, 500, Part.TASKS, 3)));

    assertThat(shares.get(0).nodeJ()).isZero();
  }
}
