package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartWindowTest {

  private static List<ZonedDateTime> bounds(StartWindow.Occurrence w) {
    return List.of(w.open(), w.close());
  }

  private static ZonedDateTime at(String iso) {
    return ZonedDateTime.parse(iso);
  }

  @Test
  void beforeTheWindowTheNextOneIsToday() {
    StartWindow.Occurrence w = StartWindow.parse("01:00-06:00").next(at("2026-11-29T00:30Z[UTC]"));

    assertThat(bounds(w))
        .containsExactly(at("2026-11-29T01:00Z[UTC]"), at("2026-11-29T06:00Z[UTC]"));
  }

  @Test
  void insideTheWindowItStartsNow() {
    StartWindow.Occurrence w = StartWindow.parse("00:00-06:00").next(at("2026-11-29T03:10Z[UTC]"));

    assertThat(bounds(w))
        .containsExactly(at("2026-11-29T03:10Z[UTC]"), at("2026-11-29T06:00Z[UTC]"));
  }

  @Test
  void afterTheWindowItIsTomorrowsAndAWindowMayCrossMidnight() {
    assertThat(bounds(StartWindow.parse("00:00-06:00").next(at("2026-11-29T07:00Z[UTC]"))))
        .containsExactly(at("2026-11-30T00:00Z[UTC]"), at("2026-11-30T06:00Z[UTC]"));
    assertThat(bounds(StartWindow.parse("22:00-04:00").next(at("2026-11-29T02:00Z[UTC]"))))
        .containsExactly(at("2026-11-29T02:00Z[UTC]"), at("2026-11-29T04:00Z[UTC]"));
    assertThat(bounds(StartWindow.parse("22:00-04:00").next(at("2026-11-29T12:00Z[UTC]"))))
        .containsExactly(at("2026-11-29T22:00Z[UTC]"), at("2026-11-30T04:00Z[UTC]"));
  }

  @Test
  void badWindowsAreNamed() {
    assertThatThrownBy(() -> StartWindow.parse("midnight"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid window: midnight (HH:MM-HH:MM, e.g. 00:00-06:00)");
    assertThatThrownBy(() -> StartWindow.parse("25:00-06:00"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid window: 25:00-06:00 (HH:MM-HH:MM, e.g. 00:00-06:00)");
  }
}
