package org.greentrain.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.greentrain.config.ConfigLoader;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.error.UserError;
import org.junit.jupiter.api.Test;

class TrialsTest {

  private static GreenTrainConfig config(String candidates, String target) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("train.validation-fraction", "0.1");
    conf.put("train.target-accuracy", target);
    conf.put("tune.candidates", candidates);
    return ConfigLoader.load(null, conf);
  }

  @Test
  void eachCandidateIsATrialWithItsSettingsAndTheLearningRateScaledWithTheBatch() {
    // Defaults: batch 64, learning rate 0.05. Flat quoted keys and nested keys both work.
    List<Trial> trials =
        Trials.plan(
            config(
                "[{\"train.batch-size\": 128}, {train {batch-size = 32, learning-rate = 0.2}},"
                    + " {\"train.local-steps\": 10}, {}]",
                "0.8"));

    assertThat(trials).hasSize(4);
    Trial doubled = trials.get(0);
    assertThat(doubled.number()).isEqualTo(1);
    assertThat(doubled.stageLabel()).isEqualTo("trial-1");
    // 0.05 x 128 / 64
    assertThat(doubled.config().train().learningRate()).isEqualTo(0.1);
    assertThat(doubled.config().train().batchSize()).isEqualTo(128);
    assertThat(doubled.settingsJson())
        .isEqualTo("{\"train.batch-size\":128,\"train.learning-rate\":0.1}");
    assertThat(doubled.label()).isEqualTo("{batch-size=128, learning-rate=0.1}");

    // An explicit rate is kept as given.
    assertThat(trials.get(1).config().train().learningRate()).isEqualTo(0.2);
    assertThat(trials.get(1).config().train().batchSize()).isEqualTo(32);

    Trial steps = trials.get(2);
    assertThat(steps.config().train().localSteps()).isEqualTo(10);
    assertThat(steps.config().train().learningRate()).isEqualTo(0.05);
    assertThat(steps.settingsJson()).isEqualTo("{\"train.local-steps\":10}");

    Trial configured = trials.get(3);
    assertThat(configured.settingsJson()).isEqualTo("{}");
    assertThat(configured.label()).isEqualTo("{as configured}");
    assertThat(configured.config().train().localSteps()).isEqualTo(100);
    // Every trial trains to the target, without checkpoints.
    assertThat(trials)
        .allSatisfy(
            t -> {
              assertThat(t.config().train().targetAccuracy()).isEqualTo(0.8);
              assertThat(t.config().train().checkpointEvery()).isZero();
            });
  }

  @Test
  void aShardCountScalesTheLearningRateLikeTheGlobalBatchItMakes() {
    // Defaults: augment.shards 2, batch 64, learning rate 0.05.
    List<Trial> trials =
        Trials.plan(
            config(
                "[{\"train.shards\": 4}, {\"train.shards\": 1, \"train.batch-size\": 256},"
                    + " {\"train.shards\": 3, \"train.learning-rate\": 0.01}]",
                "0.8"));

    // 0.05 x 4 / 2
    assertThat(trials.get(0).config().train().learningRate()).isEqualTo(0.1);
    assertThat(trials.get(0).config().trainingShards()).isEqualTo(4);
    // 0.05 x (256 / 64) x (1 / 2)
    assertThat(trials.get(1).config().train().learningRate()).isEqualTo(0.1);
    assertThat(trials.get(1).config().trainingShards()).isEqualTo(1);
    // An explicit rate is kept as given.
    assertThat(trials.get(2).config().train().learningRate()).isEqualTo(0.01);
    assertThat(trials.get(2).settingsJson())
        .isEqualTo("{\"train.learning-rate\":0.01,\"train.shards\":3}");
  }

  @Test
  void aNegativeShardCountIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> Trials.plan(config("[{\"train.shards\": -1}]", "0.8")))
        .isInstanceOf(UserError.class)
        .hasMessage("Invalid tune.candidates[0]: Invalid train.shards: -1 (at least 0)");
  }

  @Test
  void anUnknownKnobIsRefusedByNameWhenTheConfigLoads() {
    assertThatThrownBy(() -> config("[{\"train.batch-size\": 32}, {\"augment.shards\": 4}]", "0.8"))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "Invalid tune.candidates[1]: unknown knob augment.shards (knobs: train.batch-size,"
                + " train.local-steps, train.shards, train.learning-rate, train.momentum,"
                + " train.gpu-power-limit-w, train.task-cpus)");
    assertThatThrownBy(() -> config("[64]", "0.8"))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "Invalid tune.candidates[0]: 64 (an object of knob settings, such as {"
                + " \"train.batch-size\" = 32 })");
  }

  @Test
  void aCandidateTheConfigRefusesIsNamedBeforeAnythingRuns() {
    assertThatThrownBy(() -> Trials.plan(config("[{}, {\"train.batch-size\": 0}]", "0.8")))
        .isInstanceOf(UserError.class)
        .hasMessage("Invalid tune.candidates[1]: Invalid train.batch-size: 0 (at least 1)");
    // 0.05 x 16384 / 64 = 12.8, above the learning rate's range.
    assertThatThrownBy(() -> Trials.plan(config("[{\"train.batch-size\": 16384}]", "0.8")))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "Invalid tune.candidates[0]: Invalid train.learning-rate: 12.8 (between 1.0E-9 and"
                + " 10.0)");
  }

  @Test
  void tuningNeedsCandidatesAndATarget() {
    assertThatThrownBy(() -> Trials.plan(config("[]", "0.8")))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("Cannot tune: tune.candidates is empty; list the settings to try");
    assertThatThrownBy(() -> Trials.plan(config("[{}]", "0")))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith(
            "Cannot tune: train.target-accuracy is 0; every trial trains to it");
    assertThatThrownBy(() -> config("[{}]", "1.5"))
        .isInstanceOf(UserError.class)
        .hasMessage("Invalid train.target-accuracy: 1.5 (between 0.0 and 1.0)");
  }

  @Test
  void betaIsAtLeastOne() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("tune.beta", "0.5")))
        .isInstanceOf(UserError.class)
        .hasMessage("Invalid tune.beta: 0.5 (between 1.0 and 1000.0)");
    assertThat(ConfigLoader.load(null, Map.of()).tune().beta()).isEqualTo(2.0);
    assertThat(ConfigLoader.load(null, Map.of()).tune().candidates()).isEmpty();
  }

  @Test
  void theGpuPowerLimitIsAKnobAndANegativeLimitIsRefused() {
    List<Trial> trials = Trials.plan(config("[{\"train.gpu-power-limit-w\": 150}, {}]", "0.8"));

    assertThat(trials.get(0).config().train().gpuPowerLimitW()).isEqualTo(150);
    assertThat(trials.get(0).label()).isEqualTo("{gpu-power-limit-w=150}");
    assertThat(trials.get(1).config().train().gpuPowerLimitW()).as("the default").isZero();
    assertThatThrownBy(() -> Trials.plan(config("[{\"train.gpu-power-limit-w\": -5}]", "0.8")))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "Invalid tune.candidates[0]: Invalid train.gpu-power-limit-w: -5.0 (between 0.0 and"
                + " 10000.0)");
  }

  @Test
  void theThreadsPerTaskAreAKnobAndANegativeCountIsRefused() {
    List<Trial> trials = Trials.plan(config("[{\"train.task-cpus\": 2}, {}]", "0.8"));

    assertThat(trials.get(0).config().train().taskCpus()).isEqualTo(2);
    assertThat(trials.get(0).label()).isEqualTo("{task-cpus=2}");
    assertThat(trials.get(1).config().train().taskCpus()).as("the default").isZero();
    assertThatThrownBy(() -> Trials.plan(config("[{\"train.task-cpus\": -1}]", "0.8")))
        .isInstanceOf(UserError.class)
        .hasMessage("Invalid tune.candidates[0]: Invalid train.task-cpus: -1 (at least 0)");
  }
}
