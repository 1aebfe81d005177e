package org.greentrain.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class OnOffTest {

  @Test
  void mediansOfOddAndEvenCountsAndTheirRatio() {
    OnOff wall = new OnOff(List.of(14.0, 12.0, 13.0), List.of(13.0, 14.0, 12.5, 13.5));

    // off sorted 12, 13, 14 -> 13; on sorted 12.5, 13, 13.5, 14 -> (13 + 13.5) / 2 = 13.25
    assertThat(wall.medianOff()).isEqualTo(13.0);
    assertThat(wall.medianOn()).isEqualTo(13.25);
    assertThat(wall.ratio()).isCloseTo(13.25 / 13.0, within(1e-12));
    assertThat(wall.difference()).isEqualTo(0.25);
  }

  @Test
  void needsARunOfEach() {
    assertThatThrownBy(() -> new OnOff(List.of(), List.of(1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid comparison: 0 runs off, 1 on (at least 1 each)");
  }
}
