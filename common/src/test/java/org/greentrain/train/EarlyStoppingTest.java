package org.greentrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.NamedTensor;
import org.greentrain.model.WeightAverage;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

  private static ModelWeights marker(float v) {
    return new ModelWeights(List.of(new NamedTensor("w", new long[] {1}, new float[] {v})));
  }

  @Test
  void stopsAfterPatienceRoundsWithoutAGainOfMinDelta() {
    EarlyStopping stopping = new EarlyStopping(2, 0.01);
    EarlyStopping.Best best = stopping.observe(null, 0, 0.80, marker(0));
    best = stopping.observe(best, 1, 0.805, marker(1));
    assertThat(best.round()).as("+0.005 is below min-delta").isZero();
    assertThat(stopping.stopAfter(best, 1)).isEmpty();
    best = stopping.observe(best, 2, 0.79, marker(2));

    assertThat(stopping.stopAfter(best, 2))
        .contains(
            "early stopping: validation accuracy did not improve by at least 0.01 for 2 rounds after"
                + " round 1 (best 0.8000); keeping the weights of round 1");
  }

  @Test
  void patienceZeroNeverStopsButTheBestIsStillTracked() {
    EarlyStopping off = new EarlyStopping(0, 0);
    EarlyStopping.Best best = off.observe(null, 0, 0.5, marker(0));
    best = off.observe(best, 1, 0.7, marker(1));
    best = off.observe(best, 2, 0.7, marker(2));

    assertThat(best.round()).as("a tie is no improvement").isEqualTo(1);
    assertThat(off.stopAfter(best, 50)).isEmpty();
  }

  @Test
  void invalidSettingsAreNamed() {
    assertThatThrownBy(() -> new EarlyStopping(-1, 0))
        .hasMessage("Invalid train.early-stopping-patience: -1 (at least 0)");
  }

  @Test
  void localSgdKeepsTheBestValidatedWeightsAndSaysWhyItStopped() {
    // Round r's averaged weights are the single value r; validation peaks at round 1.
    double[] accuracy = {0.6, 0.9, 0.8, 0.85, 0.7, 0.95};
    LocalSgd.RoundRunner counting =
        (round, w, params) -> new WeightAverage().add(marker(round), 1, 0.1);
    LocalSgd sgd =
        new LocalSgd(new TrainParams(8, 0.1, 0, 0, 1, 1), new LearningRateSchedule(0.1, 0.1, 6))
            .withValidation(
                w -> accuracy[(int) w.tensors().get(0).values()[0]], new EarlyStopping(2, 0));
    List<RoundResult> rounds = new ArrayList<>();

    LocalSgd.Outcome outcome =
        sgd.train(
            marker(-1),
            counting,
            new LocalSgd.RoundListener() {
              @Override
              public void onRound(RoundResult r) {
                rounds.add(r);
              }
            });

    assertThat(outcome.roundsRun()).isEqualTo(4);
    assertThat(outcome.weights().tensors().get(0).values()).containsExactly(1f);
    assertThat(outcome.stopReason())
        .map(s -> s.startsWith("early stopping"))
        .isEqualTo(Optional.of(true));
    assertThat(rounds)
        .extracting(RoundResult::validationAccuracy)
        .containsExactly(0.6, 0.9, 0.8, 0.85);
  }
}
