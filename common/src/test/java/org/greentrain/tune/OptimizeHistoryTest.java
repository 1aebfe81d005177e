package org.greentrain.tune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizeHistoryTest {

  @Test
  void aRunRecordedBeforeAKnobExistedTrainedAtItsDefault() {
    // A config_json as runs recorded it before train.gpu-power-limit-w was a knob.
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
                "train.gpu-power-limit-w", 0.0));
  }

  @Test
  void aRecordedPowerLimitIsItsOwnSetting() {
    String recorded =
        "{\"train\":{\"batch-size\":32,\"local-steps\":100,\"learning-rate\":0.025,"
            + "\"momentum\":0.9,\"gpu-power-limit-w\":150}}";

    assertThat(OptimizeHistory.knobs(recorded)).containsEntry("train.gpu-power-limit-w", 150.0);
  }
}
