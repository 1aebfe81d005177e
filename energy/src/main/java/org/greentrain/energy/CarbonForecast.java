package org.greentrain.energy;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * An hourly forecast of grid carbon intensity, read from a CSV file with the columns {@code
 * hour,g_co2e_per_kwh}: {@code hour} is the ISO-8601 instant an hour starts (e.g. {@code
 * 2026-11-30T02:00:00Z}), in strictly increasing order; an hour missing from the file is an hour
 * the forecast does not cover. Immutable and thread-safe.
 */
public final class CarbonForecast {

  static final String HEADER = "hour,g_co2e_per_kwh";
  private static final Duration HOUR = Duration.ofHours(1);

  /** One forecast hour. */
  public record Slot(Instant start, double gramsPerKwh) {}

  private final String source;
  private final List<Slot> slots;

  private CarbonForecast(String source, List<Slot> slots) {
    this.source = source;
    this.slots = List.copyOf(slots);
  }

  public static CarbonForecast load(Path csv) {
    if (!Files.isRegularFile(csv)) {
      throw new IllegalArgumentException("Cannot read the forecast " + csv + ": not found");
    }
    return ReferenceCsv.load(csv, HEADER, CarbonForecast::fromRows);
  }

  /** Reads a forecast from {@code reader}, naming {@code sourceName} in errors. */
  public static CarbonForecast load(Reader reader, String sourceName) {
    return fromRows(sourceName, ReferenceCsv.read(reader, sourceName, HEADER));
  }

  private static CarbonForecast fromRows(String source, List<ReferenceCsv.Row> rows) {
    List<Slot> slots = new ArrayList<>();
    for (ReferenceCsv.Row row : rows) {
      Instant start;
      try {
        start = Instant.parse(row.text(0));
      } catch (DateTimeParseException e) {
        throw row.error(
            "hour is not an ISO-8601 instant such as 2026-11-30T02:00:00Z: " + row.text(0));
      }
      if (start.getEpochSecond() % 3600 != 0) {
        throw row.error("hour does not start on a full hour: " + row.text(0));
      }
      double grams = row.number(1, "g_co2e_per_kwh");
      if (grams < 0) {
        throw row.error("g_co2e_per_kwh is negative: " + row.text(1));
      }
      if (!slots.isEmpty() && !start.isAfter(slots.get(slots.size() - 1).start())) {
        throw row.error("hours are not in increasing order: " + row.text(0));
      }
      slots.add(new Slot(start, grams));
    }
    if (slots.isEmpty()) {
      throw new IllegalArgumentException("Cannot read the forecast " + source + ": no hours in it");
    }
    return new CarbonForecast(source, slots);
  }

  public String source() {
    return source;
  }

  public List<Slot> slots() {
    return slots;
  }

  /**
   * Time-weighted mean intensity over {@code [from, to)} in g/kWh, empty if any part of it is not
   * covered. An empty interval takes the intensity at {@code from}.
   */
  public OptionalDouble meanOver(Instant from, Instant to) {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("Invalid interval: " + from + " to " + to);
    }
    if (from.equals(to)) {
      Slot s = slotAt(from);
      return s == null ? OptionalDouble.empty() : OptionalDouble.of(s.gramsPerKwh());
    }
    double weighted = 0;
    Instant t = from;
    while (t.isBefore(to)) {
      Slot s = slotAt(t);
      if (s == null) {
        return OptionalDouble.empty();
      }
      Instant end = s.start().plus(HOUR);
      Instant until = end.isBefore(to) ? end : to;
      weighted += s.gramsPerKwh() * Duration.between(t, until).toMillis();
      t = until;
    }
    return OptionalDouble.of(weighted / Duration.between(from, to).toMillis());
  }

  private Slot slotAt(Instant t) {
    for (Slot s : slots) {
      if (!t.isBefore(s.start()) && t.isBefore(s.start().plus(HOUR))) {
        return s;
      }
    }
    return null;
  }
}
