package org.greentrain.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.greentrain.config.ConfigLoader;
import org.greentrain.config.GreenTrainConfig;
import org.junit.jupiter.api.Test;

class RecurrenceReplayTest {

  @Test
  void nightsTryTheConfiguredThenEachCandidateThenSettleOnTheCheapest() {
    GreenTrainConfig config =
        ConfigLoader.load(
            null,
            Map.of("tune.candidates", "[{\"train.batch-size\": 32}, {\"train.batch-size\": 128}]"));
    // Configured: 100 J; batch 32: 50 J; batch 128: 200 J, every time.
    List<List<RecurrenceReplay.Outcome>> traces =
        List.of(
            List.of(new RecurrenceReplay.Outcome(true, 100, 10)),
            List.of(new RecurrenceReplay.Outcome(true, 50, 5)),
            List.of(new RecurrenceReplay.Outcome(true, 200, 20)));

    // P_max 1 W, eta 0.5: costs 0.5 J + 0.5 s x 1 W = 55, 27.5 and 110.
    RecurrenceReplay.Nights n = RecurrenceReplay.replay(config, traces, 10, 7, 1);

    // Night 1 has no history: the configured settings. Nights 2 and 3 try the untried candidates
    // in order. Night 3's limit is tune.beta (2) x the least cost (27.5), so the training costing
    // 110 is cut at half (100 J) and does not reach the target. From night 4 the cheapest
    // settings, more than four standard deviations of their posterior below the others, win.
    assertThat(n.arms()).containsExactly(1, 2, 3, 2, 2, 2, 2, 2, 2, 2);
    assertThat(n.joules()).containsExactly(100, 50, 100, 50, 50, 50, 50, 50, 50, 50);
    assertThat(n.reached())
        .containsExactly(true, true, false, true, true, true, true, true, true, true);
  }
}
