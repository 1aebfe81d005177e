package org.greentrain.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalDouble;
import org.greentrain.store.QualityGate.Verdict;
import org.junit.jupiter.api.Test;

class QualityGateTest {

  private final QualityGate gate = new QualityGate(0.5, 0.01);

  @Test
  void theFirstModelPassesWhenAboveTheFloor() {
    Verdict v = gate.evaluate(0.81, OptionalDouble.empty());

    assertThat(v.passed()).isTrue();
    assertThat(v.reason()).isEqualTo("accuracy 0.8100 >= minimum 0.5000; no LATEST yet");
  }

  @Test
  void aBetterModelPasses() {
    Verdict v = gate.evaluate(0.83, OptionalDouble.of(0.81));

    assertThat(v.passed()).isTrue();
    assertThat(v.reason())
        .isEqualTo("accuracy 0.8300 >= minimum 0.5000 and within 0.0100 of LATEST's 0.8100");
  }

  @Test
  void aSlightlyWorseModelWithinTheTolerancePasses() {
    assertThat(gate.evaluate(0.80, OptionalDouble.of(0.81)).passed()).isTrue();
  }

  @Test
  void aWorseModelBeyondTheToleranceIsGatedNamingBothAccuracies() {
    Verdict v = gate.evaluate(0.79, OptionalDouble.of(0.81));

    assertThat(v.passed()).isFalse();
    assertThat(v.reason())
        .isEqualTo(
            "accuracy 0.7900 is 0.0200 below LATEST's 0.8100 (publish.max-accuracy-drop 0.0100)");
  }

  @Test
  void aModelBelowTheFloorIsGatedEvenWithoutLatest() {
    Verdict first = gate.evaluate(0.42, OptionalDouble.empty());
    Verdict later = gate.evaluate(0.42, OptionalDouble.of(0.40));

    assertThat(first.passed()).isFalse();
    assertThat(first.reason())
        .isEqualTo("accuracy 0.4200 is below the minimum 0.5000 (publish.min-accuracy)");
    assertThat(later.passed()).isFalse();
    assertThat(later.reason()).isEqualTo(first.reason());
  }

  @Test
  void aMissingAccuracyIsGated() {
    assertThat(gate.evaluate(Double.NaN, OptionalDouble.empty()).passed()).isFalse();
  }

  @Test
  void invalidThresholdsAreRejected() {
    assertThatThrownBy(() -> new QualityGate(1.2, 0.01))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid minimum accuracy: 1.2");
    assertThatThrownBy(() -> new QualityGate(0.5, -0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid maximum accuracy drop: -0.1");
  }
}
