package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeterReadingTest {

  @Test
  void differencesPerComponentCountingANewComponentFromZero() {
    MeterReading earlier = new MeterReading(1_000_000_000L, Map.of("cpu", 10.0, "dram", 2.0));
    MeterReading later =
        new MeterReading(3_500_000_000L, Map.of("cpu", 25.0, "dram", 2.0, "gpu:0", 7.5));

    assertThat(later.joulesSince(earlier))
        .containsExactly(Map.entry("cpu", 15.0), Map.entry("dram", 0.0), Map.entry("gpu:0", 7.5));
    assertThat(later.secondsSince(earlier)).isEqualTo(2.5);
  }

  @Test
  void aComponentThatWentDownIsAnError() {
    MeterReading earlier = new MeterReading(0, Map.of("cpu", 10.0));
    MeterReading later = new MeterReading(1, Map.of("cpu", 9.5));

    assertThatThrownBy(() -> later.joulesSince(earlier))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Cannot compute energy of component cpu: cumulative joules went down from 10.0"
                + " to 9.5");
  }

  @Test
  void theEarlierReadingMustNotBeLater() {
    MeterReading earlier = new MeterReading(5, Map.of());
    MeterReading later = new MeterReading(4, Map.of());

    assertThatThrownBy(() -> later.joulesSince(earlier))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot compute time since a later reading: 5 ns is after 4 ns");
  }

  @Test
  void elapsedTimeSurvivesNanoTimeOverflow() {
    MeterReading earlier = new MeterReading(Long.MAX_VALUE - 499_999_999L, Map.of());
    MeterReading later = new MeterReading(Long.MIN_VALUE + 500_000_000L, Map.of());

    assertThat(later.secondsSince(earlier)).isEqualTo(1.0);
  }

  @Test
  void isImmutableAndSortedByComponent() {
    Map<String, Double> joules = new HashMap<>(Map.of("gpu:1", 1.0, "cpu", 2.0, "dram", 3.0));
    MeterReading reading = new MeterReading(0, joules);
    joules.put("cpu", 99.0);

    assertThat(reading.joulesByComponent())
        .containsExactly(Map.entry("cpu", 2.0), Map.entry("dram", 3.0), Map.entry("gpu:1", 1.0));
    assertThatThrownBy(() -> reading.joulesByComponent().put("cpu", 1.0))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsNegativeOrNonFiniteJoules() {
    assertThatThrownBy(() -> new MeterReading(0, Map.of("cpu", -1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid joules of component cpu, must be finite and >= 0: -1.0");
    assertThatThrownBy(() -> new MeterReading(0, Map.of("dram", Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid joules of component dram, must be finite and >= 0: NaN");
  }

  @Test
  void namesGpuComponentsByIndex() {
    assertThat(MeterReading.gpu(3)).isEqualTo("gpu:3");
    assertThatThrownBy(() -> MeterReading.gpu(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid GPU index: -1");
  }
}
