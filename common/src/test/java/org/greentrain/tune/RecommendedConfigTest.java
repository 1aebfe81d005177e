package org.greentrain.tune;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.greentrain.config.ConfigLoader;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.store.TuningTrial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecommendedConfigTest {

  @Test
  void theFileLoadsWithConfigAndGivesTheWinningTrialsKnobs(@TempDir Path dir) throws Exception {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("train.validation-fraction", "0.1");
    conf.put("train.target-accuracy", "0.8");
    conf.put("train.momentum", "0.8");
    conf.put("tune.candidates", "[{\"train.batch-size\": 32, \"train.local-steps\": 20}]");
    Trial trial = Trials.plan(ConfigLoader.load(null, conf)).get(0);
    TuningTrial winner =
        new TuningTrial(
            1,
            trial.settingsJson(),
            0.8,
            true,
            0.8123,
            412.4,
            33.3,
            500,
            40,
            0.06,
            4,
            false,
            true,
            true,
            "");

    String text = RecommendedConfig.render("tune-1", 3, winner, trial.config());
    Path file = dir.resolve("recommended.conf");
    Files.writeString(file, text);
    GreenTrainConfig loaded = ConfigLoader.load(file, Map.of());

    assertThat(text)
        .startsWith(
            "# Recommended by `greentrain tune`, run tune-1: trial 1 of 3 reached validation"
                + " accuracy 0.8123 (train.target-accuracy 0.8)\n")
        .contains("412 J in 33.3 s")
        .contains(
            "train.batch-size = 32\n"
                + "train.local-steps = 20\n"
                + "train.shards = 2\n"
                + "train.learning-rate = 0.025\n"
                + "train.momentum = 0.8\n"
                + "train.gpu-power-limit-w = 0.0\n"
                + "train.task-cpus = 0\n");
    assertThat(loaded.train().batchSize()).isEqualTo(32);
    assertThat(loaded.train().localSteps()).isEqualTo(20);
    // 0.05 x 32 / 64
    assertThat(loaded.train().learningRate()).isEqualTo(0.025);
    // Pinned from the tuning run's config, not left to the defaults (0.9).
    assertThat(loaded.train().momentum()).isEqualTo(0.8);
  }
}
