package org.greentrain.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.greentrain.config.ConfigLoader;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.error.UserError;
import org.greentrain.train.CostLimit;
import org.greentrain.tune.EnergyOptimizer.Observation;
import org.junit.jupiter.api.Test;

class EnergyOptimizerTest {

  // Defaults: batch 64, local steps 100, learning rate 0.05, momentum 0.9. Arm 1 is those;
  // arm 2 batch 32 (learning rate 0.025); arm 3 local steps 50.
  private static GreenTrainConfig config(long seed) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("run.seed", Long.toString(seed));
    conf.put("train.validation-fraction", "0.1");
    conf.put("train.target-accuracy", "0.8");
    conf.put("train.optimize", "energy");
    conf.put("tune.eta", "0.5");
    conf.put("tune.beta", "2");
    conf.put("tune.candidates", "[{\"train.batch-size\": 32}, {\"train.local-steps\": 50}]");
    return ConfigLoader.load(null, conf);
  }

  private static Map<String, Double> knobs(double batch, double steps, double lr) {
    return Map.of(
        "train.batch-size",
        batch,
        "train.local-steps",
        steps,
        "train.learning-rate",
        lr,
        "train.momentum",
        0.9,
        "train.gpu-power-limit-w",
        0.0,
        "train.shards",
        2.0,
        "train.task-cpus",
        0.0);
  }

  private static final Map<String, Double> ARM1 = knobs(64, 100, 0.05);
  private static final Map<String, Double> ARM2 = knobs(32, 100, 0.025);
  private static final Map<String, Double> ARM3 = knobs(64, 50, 0.05);

  @Test
  void theFirstRunTrainsTheConfiguredSettingsWithoutALimit() {
    EnergyOptimizer.Decision d =
        EnergyOptimizer.decide(
            config(42),
            // Another batch size than any arm's: no history of these settings.
            List.of(new Observation("old", knobs(16, 100, 0.0125), true, 10, 1)),
            100);

    assertThat(d.arm().number()).isEqualTo(1);
    assertThat(d.arm().config().train().batchSize()).isEqualTo(64);
    assertThat(d.explored()).isFalse();
    assertThat(d.limit()).isEqualTo(CostLimit.NONE);
    assertThat(d.note())
        .isEqualTo(
            "train.optimize = energy: no earlier training with any of the settings: the"
                + " configured settings; no cost limit (no training with these settings reached"
                + " the target yet)");
  }

  @Test
  void untriedSettingsComeNextAndTheLimitIsBetaTimesTheLeastKnownCost() {
    // Cost 0.5 x 1000 J + 0.5 x 100 W x 10 s = 1000 J; the limit 2 x 1000.
    EnergyOptimizer.Decision d =
        EnergyOptimizer.decide(
            config(42), List.of(new Observation("night-1", ARM1, true, 1000, 10)), 100);

    assertThat(d.arm().number()).isEqualTo(2);
    assertThat(d.arm().config().train().batchSize()).isEqualTo(32);
    assertThat(d.arm().config().train().learningRate()).isEqualTo(0.025);
    assertThat(d.explored()).isTrue();
    assertThat(d.limit().limitJoules()).isEqualTo(2000.0);
    assertThat(d.limit().cost().eta()).isEqualTo(0.5);
    assertThat(d.limit().cost().maxPowerWatts()).isEqualTo(100.0);
    assertThat(d.note())
        .isEqualTo(
            "train.optimize = energy: settings 2 of 3 {batch-size=32, learning-rate=0.025},"
                + " explored (settings 2 not tried yet) from 1 earlier trainings; cost limit 2000"
                + " J (tune.beta 2.0 x least known 1000 J)");
  }

  @Test
  void settingsThatCostFarLessAreExploitedWhateverTheSeed() {
    // Costs (eta 0.5, 100 W): arm 1 about 1000 J, arm 2 about 500 J, arm 3 about 1500 J, each
    // within 1%: the posteriors do not overlap. An unreached training counts what it spent.
    List<Observation> history = new ArrayList<>();
    for (double wobble : new double[] {-5, 0, 5}) {
      history.add(new Observation("a", ARM1, true, 1000 + wobble, 10));
      history.add(new Observation("b", ARM2, true, 500 + wobble, 5));
      history.add(new Observation("c", ARM3, false, 1500 + wobble, 15));
    }
    for (long seed = 1; seed <= 50; seed++) {
      EnergyOptimizer.Decision d = EnergyOptimizer.decide(config(seed), history, 100);
      assertThat(d.arm().number()).as("seed %d", seed).isEqualTo(2);
      assertThat(d.explored()).isFalse();
      // Least reached cost: arm 2's 0.5 x 495 + 0.5 x 100 x 5 = 497.5.
      assertThat(d.limit().limitJoules()).isEqualTo(995.0);
      assertThat(d.note()).contains(", exploited (").contains("from 9 earlier trainings");
    }
  }

  @Test
  void optimizeIsOffOrEnergyAndEnergyNeedsATarget() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("train.optimize", "time")))
        .isInstanceOf(UserError.class)
        .hasMessage("Invalid train.optimize: time (off or energy)");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("train.optimize", "energy")))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "Invalid train.optimize: energy minimises the cost of reaching"
                + " train.target-accuracy, which is 0; set a target");
  }

  @Test
  void theSameSeedAndHistoryGiveTheSameDecision() {
    List<Observation> history =
        List.of(
            new Observation("a", ARM1, true, 1000, 10),
            new Observation("b", ARM2, true, 900, 12),
            new Observation("c", ARM3, true, 950, 11),
            new Observation("d", ARM1, true, 1100, 9));
    EnergyOptimizer.Decision first = EnergyOptimizer.decide(config(7), history, 100);
    for (int i = 0; i < 3; i++) {
      EnergyOptimizer.Decision again = EnergyOptimizer.decide(config(7), history, 100);
      assertThat(again.arm().number()).isEqualTo(first.arm().number());
      assertThat(again.note()).isEqualTo(first.note());
    }
  }
}
