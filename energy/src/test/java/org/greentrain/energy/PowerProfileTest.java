package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PowerProfileTest {

  @Test
  void derivesActiveWattsPerThreadAndIdleWatts() {
    PowerProfile profile = new PowerProfile("Xeon", 200, 40, 0.25, 0.4, "test");

    // 200 W * 0.75 / 40 threads = 3.75 W; 200 W * 0.25 = 50 W
    assertThat(profile.activeWattsPerThread()).isCloseTo(3.75, within(1e-12));
    assertThat(profile.idleWatts()).isCloseTo(50.0, within(1e-12));
    assertThat(profile.isDefault()).isFalse();
    assertThat(new PowerProfile("*", 200, 40, 0.25, 0.4, "test").isDefault()).isTrue();
  }

  @Test
  void rejectsNonPositiveTdp() {
    assertThatThrownBy(() -> new PowerProfile("x", 0, 4, 0.2, 0.4, "test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid tdpW, must be > 0: 0.0");
  }

  @Test
  void rejectsNonPositiveThreads() {
    assertThatThrownBy(() -> new PowerProfile("x", 10, 0, 0.2, 0.4, "test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid threads, must be > 0: 0");
  }

  @Test
  void rejectsIdleFractionOfOne() {
    assertThatThrownBy(() -> new PowerProfile("x", 10, 4, 1.0, 0.4, "test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid idleFraction, must be in [0, 1): 1.0");
  }

  @Test
  void rejectsNegativeDram() {
    assertThatThrownBy(() -> new PowerProfile("x", 10, 4, 0.2, -0.1, "test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid dramWPerGb, must be >= 0: -0.1");
  }

  @Test
  void rejectsBadRegex() {
    assertThatThrownBy(() -> new PowerProfile("Xeon(", 10, 4, 0.2, 0.4, "test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid cpuPattern: Xeon( (");
  }

  @Test
  void rejectsBlankSource() {
    assertThatThrownBy(() -> new PowerProfile("x", 10, 4, 0.2, 0.4, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid source:  ");
  }
}
