package org.greentrain.energy;

import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * A daily window of allowed start times in local time, such as {@code 00:00-06:00}; an end at or
 * before the start means the window runs past midnight ({@code 22:00-04:00}).
 */
public record StartWindow(LocalTime start, LocalTime end) {

  /** Parses {@code HH:MM-HH:MM}. */
  public static StartWindow parse(String text) {
    String[] parts = text.split("-", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "Invalid window: " + text + " (HH:MM-HH:MM, e.g. 00:00-06:00)");
    }
    try {
      return new StartWindow(LocalTime.parse(parts[0].strip()), LocalTime.parse(parts[1].strip()));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "Invalid window: " + text + " (HH:MM-HH:MM, e.g. 00:00-06:00)", e);
    }
  }

  /**
   * The next occurrence of the window as seen at {@code now}: the one in progress (starting at
   * {@code now}) or else the next to open.
   */
  public Occurrence next(ZonedDateTime now) {
    for (int daysBack = 1; daysBack >= -1; daysBack--) {
      ZonedDateTime open =
          now.toLocalDate().minusDays(daysBack).atTime(start).atZone(now.getZone());
      ZonedDateTime close = open.toLocalDate().atTime(end).atZone(now.getZone());
      if (!close.isAfter(open)) {
        close = close.plusDays(1);
      }
      if (now.isBefore(close)) {
        return new Occurrence(now.isAfter(open) ? now : open, close);
      }
    }
    throw new IllegalStateException("Cannot place the window " + this + " after " + now);
  }

  /** One occurrence of the window: when a run may start at the earliest, and when it closes. */
  public record Occurrence(ZonedDateTime open, ZonedDateTime close) {}
}
