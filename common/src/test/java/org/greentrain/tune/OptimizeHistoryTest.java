package org.greentrain.tune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizeHistoryTest {

  @Test
  void aRunRecordedBeforeAKnobExistedTrainedAtItsDefault() {
    // A config_json as runs recorded it before train.gpu-power-limit-w and train.task-cpus were
    // knobs: such a run trained at no power limit with spark.task.cpus threads, as 0 does now.
    String recorded =
        "{\"train\":{\"batch-size\":32,\"local-steps\":100,\"learning-rate\":0.025,"
            + "\"momentum\":0.9}}";

    assertThat(OptimizeHistory.knobs(recorded))
        .isEqualTo(
            Map.of(
                "train.batch-size", 32.0,
                "train.local-steps", 100.0,
                "train.learning-rate", 0.025,
                "train.momentum", 0.9,
                "train.gpu-power-limit-w", 0.0,
                "train.task-cpus", 0.0,
                // Before train.shards, training ran the default augment.shards, 2.
                "train.shards", 2.0));
  }

  @Test
  void theShardsAreTheOnesTrainingRan() {
    String augmentedIntoFour = "{\"augment\":{\"shards\":4},\"train\":{\"shards\":0}}";
    String dealtIntoThree = "{\"augment\":{\"shards\":4},\"train\":{\"shards\":3}}";

    assertThat(OptimizeHistory.knobs(augmentedIntoFour)).containsEntry("train.shards", 4.0);
    assertThat(OptimizeHistory.knobs(dealtIntoThree)).containsEntry("train.shards", 3.0);
  }

  @Test
  void aRecordedPowerLimitIsItsOwnSetting() {
    String recorded =
        "{\"train\":{\"batch-size\":32,\"local-steps\":100,\"learning-rate\":0.025,"
            + "\"momentum\":0.9,\"gpu-power-limit-w\":150}}";

    assertThat(OptimizeHistory.knobs(recorded)).containsEntry("train.gpu-power-limit-w", 150.0);
  }

  @Test
  void recordedThreadsPerTaskAreTheirOwnSetting() {
    String recorded =
        "{\"train\":{\"batch-size\":32,\"local-steps\":100,\"learning-rate\":0.025,"
            + "\"momentum\":0.9,\"gpu-power-limit-w\":0,\"task-cpus\":2}}";

    assertThat(OptimizeHistory.knobs(recorded)).containsEntry("train.task-cpus", 2.0);
  }
}
