package org.greentrain.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.NamedTensor;
import org.greentrain.model.WeightAverage;
import org.greentrain.train.EarlyStopping;
import org.greentrain.train.LearningRateSchedule;
import org.greentrain.train.LocalSgd;
import org.greentrain.train.RoundResult;
import org.greentrain.train.TrainParams;
import org.junit.jupiter.api.Test;

/**
 * How fine-tuning picks its rounds: gradual pruning's last step continues the fine-tuning schedule
 * from the round after the earlier steps, validated, and keeps the best round.
 */
class FineTuningRoundsTest {

  private static final TrainParams PARAMS = new TrainParams(8, 0.01, 0, 0, 1, 1);

  /** A round's averaged weights are the single value of its (0-based) number. */
  private static final LocalSgd.RoundRunner COUNTING =
      (round, w, params) -> new WeightAverage().add(marker(round), 1, 0.1);

  @Test
  void patienceStopsEarlyAndTheBestValidatedRoundIsKept() {
    // Rounds 0 and 1 were pruning steps; from round 2 on the model is at its final sparsity.
    double[] accuracy = {0, 0, 0.80, 0.86, 0.85, 0.84, 0.90, 0.91};
    LocalSgd sgd =
        new LocalSgd(PARAMS, new LearningRateSchedule(0.01, 0.01, 8))
            .withValidation(w -> accuracy[round(w)], new EarlyStopping(2, 0));
    List<RoundResult> seen = new ArrayList<>();
    FineTuning.KeptRound kept =
        new FineTuning.KeptRound(
            new LocalSgd.RoundListener() {
              @Override
              public void onRound(RoundResult r) {
                seen.add(r);
              }
            });

    FineTuning.Tuned tuned =
        kept.tuned(sgd.train(LocalSgd.Snapshot.start(marker(-1)), 2, COUNTING, kept));

    assertThat(seen).extracting(RoundResult::round).containsExactly(2, 3, 4, 5);
    assertThat(seen)
        .extracting(RoundResult::validationAccuracy)
        .containsExactly(0.80, 0.86, 0.85, 0.84);
    assertThat(tuned.roundsRun()).isEqualTo(6);
    assertThat(tuned.keptRound()).as("round 4 counted from 1: accuracy 0.86").isEqualTo(4);
    assertThat(round(tuned.weights())).isEqualTo(3);
  }

  @Test
  void withoutValidationEveryRoundRunsAndTheLastIsKept() {
    FineTuning.KeptRound kept = new FineTuning.KeptRound(new LocalSgd.RoundListener() {});

    FineTuning.Tuned tuned =
        kept.tuned(
            new LocalSgd(PARAMS, new LearningRateSchedule(0.01, 0.01, 5))
                .train(marker(-1), COUNTING, kept));

    assertThat(tuned.roundsRun()).isEqualTo(5);
    assertThat(tuned.keptRound()).isEqualTo(5);
    assertThat(round(tuned.weights())).isEqualTo(4);
  }

  private static ModelWeights marker(int round) {
    return new ModelWeights(List.of(new NamedTensor("w", new long[] {1}, new float[] {round})));
  }

  private static int round(ModelWeights w) {
    return (int) w.tensors().get(0).values()[0];
  }
}
