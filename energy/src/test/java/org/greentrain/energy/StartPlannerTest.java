package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartPlannerTest {

  private static final Instant MIDNIGHT = Instant.parse("2026-11-30T00:00:00Z");

  private static CarbonForecast forecast(String body) {
    return CarbonForecast.load(new StringReader("hour,g_co2e_per_kwh\n" + body), "forecast.csv");
  }

  // 00:00 400, 01:00 300, 02:00 100, 03:00 100, 04:00 500, 05:00 450
  private static final CarbonForecast NIGHT =
      forecast(
          "2026-11-30T00:00:00Z,400\n2026-11-30T01:00:00Z,300\n2026-11-30T02:00:00Z,100\n"
              + "2026-11-30T03:00:00Z,100\n2026-11-30T04:00:00Z,500\n2026-11-30T05:00:00Z,450\n");

  @Test
  void picksTheStartWithTheLowestMeanIntensityOverTheWholeRun() {
    StartPlanner.Plan plan =
        StartPlanner.plan(
            NIGHT,
            MIDNIGHT,
            MIDNIGHT.plus(Duration.ofHours(4)),
            Duration.ofHours(2),
            2.0,
            Duration.ofMinutes(15));

    assertThat(plan.start()).isEqualTo(Instant.parse("2026-11-30T02:00:00Z"));
    assertThat(plan.meanGramsPerKwh()).isEqualTo(100.0);
    assertThat(plan.expectedCo2eGrams()).isEqualTo(200.0);
  }

  @Test
  void aRunSpanningHoursIsWeightedByTimeInEach() {
    // 01:30 to 02:30: half an hour at 300, half at 100.
    assertThat(
            NIGHT.meanOver(
                Instant.parse("2026-11-30T01:30:00Z"), Instant.parse("2026-11-30T02:30:00Z")))
        .hasValue(200.0);
  }

  @Test
  void startsWhoseRunLeavesTheForecastAreSkipped() {
    // Only 05:00 onwards is allowed, and a 2 h run from there leaves the forecast at 06:00.
    assertThatThrownBy(
            () ->
                StartPlanner.plan(
                    NIGHT,
                    MIDNIGHT.plus(Duration.ofHours(5)),
                    MIDNIGHT.plus(Duration.ofHours(6)),
                    Duration.ofHours(2),
                    1.0,
                    Duration.ofMinutes(15)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot plan the start: the forecast forecast.csv (2026-11-30T00:00:00Z to"
                + " 2026-11-30T06:00:00Z) does not cover a run of PT2H starting between"
                + " 2026-11-30T05:00:00Z and 2026-11-30T06:00:00Z");
  }

  @Test
  void equalStartsTakeTheEarliest() {
    CarbonForecast flat = forecast("2026-11-30T00:00:00Z,200\n2026-11-30T01:00:00Z,200\n");

    StartPlanner.Plan plan =
        StartPlanner.plan(
            flat,
            MIDNIGHT,
            MIDNIGHT.plus(Duration.ofHours(1)),
            Duration.ofMinutes(30),
            1.0,
            Duration.ofMinutes(15));

    assertThat(plan.start()).isEqualTo(MIDNIGHT);
    assertThat(plan.expectedCo2eGrams()).isCloseTo(200.0, Offset.offset(1e-9));
  }

  @Test
  void badForecastLinesAreNamedWithFileAndLine() {
    assertThatThrownBy(() -> forecast("2026-11-30 00:00,400\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read forecast.csv line 2: hour is not an ISO-8601 instant such as"
                + " 2026-11-30T02:00:00Z: 2026-11-30 00:00");
    assertThatThrownBy(() -> forecast("2026-11-30T01:00:00Z,400\n2026-11-30T00:00:00Z,300\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read forecast.csv line 3: hours are not in increasing order:"
                + " 2026-11-30T00:00:00Z");
    assertThatThrownBy(() -> forecast("2026-11-30T00:00:00Z,-5\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read forecast.csv line 2: g_co2e_per_kwh is negative: -5");
    assertThatThrownBy(() -> forecast(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read the forecast forecast.csv: no hours in it");
  }

  @Test
  void aMissingForecastFileIsAUserError(@TempDir Path dir) {
    Path missing = dir.resolve("nope.csv");

    assertThatThrownBy(() -> CarbonForecast.load(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read the forecast " + missing + ": not found");
  }
}
