package org.greentrain.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EarlierRoundsTest {

  private static final String STAGE_START = "2026-12-06T21:31:14.279068498Z";

  @Test
  void onlyTheRoundsThatStartedBeforeTheLastAttemptAreEarlier() {
    List<EarlierRounds.Round> history =
        List.of(
            new EarlierRounds.Round("2026-12-06T21:03:17.998Z", 46.0, 588.5),
            new EarlierRounds.Round("2026-12-06T21:14:57.610Z", 27.5, 342.0),
            new EarlierRounds.Round("2026-12-06T21:31:24.911Z", 51.5, 658.7),
            new EarlierRounds.Round("2026-12-06T21:32:16.475Z", 48.0, 594.6));

    EarlierRounds earlier = EarlierRounds.before(STAGE_START, history);

    assertThat(earlier.rounds()).isEqualTo(2);
    assertThat(earlier.wallS()).isCloseTo(73.5, within(1e-9));
    assertThat(earlier.energyJ()).isCloseTo(930.5, within(1e-9));
  }

  @Test
  void aRunTrainedInOneApplicationHasNone() {
    List<EarlierRounds.Round> history =
        List.of(
            new EarlierRounds.Round("2026-12-06T21:31:24.911Z", 51.5, 658.7),
            new EarlierRounds.Round("2026-12-06T21:32:16.475Z", 48.0, 594.6));

    assertThat(EarlierRounds.before(STAGE_START, history)).isEqualTo(EarlierRounds.NONE);
  }

  @Test
  void anEarlierRoundWithoutEnergyLeavesTheEnergyUnknown() {
    List<EarlierRounds.Round> history =
        List.of(
            new EarlierRounds.Round("2026-12-06T21:03:17.998Z", 46.0, Double.NaN),
            new EarlierRounds.Round("2026-12-06T21:14:57.610Z", 27.5, 342.0));

    EarlierRounds earlier = EarlierRounds.before(STAGE_START, history);

    assertThat(earlier.wallS()).isCloseTo(73.5, within(1e-9));
    assertThat(earlier.energyJ()).isNaN();
  }
}
