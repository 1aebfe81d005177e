package org.greentrain.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @Test
  void defaultsArePinned() {
    GreenTrainConfig c = ConfigLoader.load(null, Map.of());

    assertThat(c.run()).isEqualTo(new RunConfig("", "UTC", 42, "warehouse", 360, 7));
    assertThat(c.data())
        .isEqualTo(
            new DataConfig(
                "data-samples",
                10,
                28,
                28,
                "auto",
                List.of(),
                false,
                "label",
                "image",
                0.01,
                new OptimizeConfig(false, false, 1, 1.0)));
    assertThat(c.augment())
        .isEqualTo(
            new AugmentConfig(
                1,
                2,
                5,
                0.9,
                1.0,
                0.9,
                1.1,
                0.5,
                0.2860,
                0.3530,
                List.of("rotation", "crop", "flip"),
                0.2,
                0.2,
                0.5,
                0.02,
                0.33,
                0.3,
                3.3));
    assertThat(c.train())
        .isEqualTo(
            new TrainConfig(
                "cnn", 8, 0, 100, 64, 0.05, 0.1, 0.9, 0.0001, 0, 5, "sgd", 0.9, 0.999, 1e-8, 0, 0,
                0, 0, 0, 0, false));
    assertThat(c.compress())
        .isEqualTo(new CompressConfig(List.of("int8"), 2, true, "deflate", false));
    assertThat(c.evaluate()).isEqualTo(new EvaluateConfig(256));
    assertThat(c.publish()).isEqualTo(new PublishConfig("fashion-cnn", 0.5, 0.01));
    assertThat(c.energy())
        .isEqualTo(new EnergyConfig("world", 1.0, "", "", "", 4, 1000, "/sys/class/powercap"));
    assertThat(c.spark()).isEqualTo(new SparkConfig("local[*]", Map.of()));
  }

  @Test
  void commandLineOverridesFileWhichOverridesDefaults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("site.conf");
    Files.writeString(file, "train.rounds = 7\ntrain.batch-size = 32\n");

    GreenTrainConfig c =
        ConfigLoader.load(
            file,
            Map.of(
                "train.rounds", "3",
                "data.source", "hdfs://nn:8020/data/fashion",
                "spark.conf", "{ \"spark.sql.shuffle.partitions\" = 4 }"));

    assertThat(c.train().rounds()).isEqualTo(3);
    assertThat(c.train().batchSize()).isEqualTo(32);
    assertThat(c.data().source()).isEqualTo("hdfs://nn:8020/data/fashion");
    assertThat(c.spark().settings()).containsEntry("spark.sql.shuffle.partitions", "4");
  }

  @Test
  void compressVariantsAreAHoconList() {
    GreenTrainConfig c =
        ConfigLoader.load(
            null,
            Map.of(
                "compress.variants", "[int8, \"prune-50+int8\", prune-80]",
                "compress.fine-tune-rounds", "0"));

    assertThat(c.compress())
        .isEqualTo(new CompressConfig(List.of("int8", "prune-50+int8", "prune-80"), 0, true));
    assertThat(
            ConfigLoader.load(null, Map.of("compress.structured-exempt-first-layer", "true"))
                .compress()
                .structuredExemptFirstLayer())
        .isTrue();
  }

  @Test
  void unknownCompressVariantIsRejectedByName() {
    assertThatThrownBy(
            () -> ConfigLoader.load(null, Map.of("compress.variants", "[int8, prune-100]")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid compress.variants entry: prune-100 (int8, int8-per-tensor,"
                + " prune-<1..99>, prune-<1..99>+int8, prune-<1..99>+int8-per-tensor,"
                + " struct-<1..99>, struct-<1..99>+int8, struct-<1..99>+int8-per-tensor)");
  }

  @Test
  void compressVariantsMustIncludeThePublishedInt8() {
    assertThatThrownBy(() -> new CompressConfig(List.of("prune-80+int8"), 2, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid compress.variants: [prune-80+int8] must include int8, the variant"
                + " that is published");
    assertThatThrownBy(() -> new CompressConfig(List.of("int8", "int8"), 2, true))
        .hasMessage("Invalid compress.variants: duplicate entries in [int8, int8]");
    assertThatThrownBy(() -> new CompressConfig(List.of("int8"), 2, true, "lz4", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid compress.codec: lz4 (deflate, zstd)");
    assertThatThrownBy(() -> new CompressConfig(List.of("int8"), -1, true))
        .hasMessage("Invalid compress.fine-tune-rounds: -1");
  }

  @Test
  void unknownKeyIsRejectedByName() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("train.rouds", "3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Unknown config key in --conf: train.rouds (see conf/application.conf for the known"
                + " keys)");
  }

  @Test
  void unknownKeyInFileNamesTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.conf");
    Files.writeString(file, "augment.copiez = 2\n");

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("config file " + file)
        .hasMessageContaining("augment.copiez");
  }

  @Test
  void invalidValuesNameTheKeyAndValue() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("train.epochs", "0")))
        .hasMessage("Invalid train.epochs: 0 (at least 1)");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("energy.pue", "0.5")))
        .hasMessage("Invalid energy.pue: 0.5 (between 1.0 and 3.0)");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("train.model", "resnet")))
        .hasMessage("Invalid train.model: resnet (cnn or mlp)");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("publish.min-accuracy", "1.5")))
        .hasMessage("Invalid publish.min-accuracy: 1.5 (between 0.0 and 1.0)");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("run.keep-runs", "0")))
        .hasMessage("Invalid run.keep-runs: 0 (at least 1)");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("train.batch-size", "many")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("train.batch-size");
  }

  @Test
  void dataKeysAreReadAndChecked() {
    GreenTrainConfig c =
        ConfigLoader.load(
            null,
            Map.of(
                "data.format",
                "image-folder",
                "data.num-classes",
                "2",
                "data.classes",
                "[coat, shirt]",
                "data.resize",
                "true",
                "data.optimize.near-duplicates",
                "true",
                "data.optimize.balanced-fraction",
                "0.5"));

    assertThat(c.data().classes()).containsExactly("coat", "shirt");
    assertThat(c.data().resize()).isTrue();
    assertThat(c.data().optimize()).isEqualTo(new OptimizeConfig(false, true, 1, 0.5));
    assertThat(c.data().optimize().isActive()).isTrue();
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("data.format", "tiff")))
        .hasMessageContaining(
            "Invalid data.format: tiff (one of auto, idx, image-folder, parquet)");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("data.classes", "[a, b]")))
        .hasMessageContaining("Invalid data.classes: 2 names [a, b] but data.num-classes is 10");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("data.max-reject-fraction", "1.5")))
        .hasMessageContaining("Invalid data.max-reject-fraction: 1.5 (between 0.0 and 1.0)");
    assertThatThrownBy(
            () -> ConfigLoader.load(null, Map.of("data.optimize.balanced-fraction", "0")))
        .hasMessageContaining(
            "Invalid data.optimize.balanced-fraction: 0.0 (above 0 and at most 1)");
    assertThatThrownBy(
            () -> ConfigLoader.load(null, Map.of("data.optimize.near-duplicate-max-bits", "17")))
        .hasMessageContaining("Invalid data.optimize.near-duplicate-max-bits: 17 (at most 16)");
  }

  @Test
  void optimizerWarmUpAndEarlyStoppingAreChecked() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("train.optimizer", "rmsprop")))
        .hasMessage("Invalid train.optimizer: rmsprop (sgd or adam)");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("train.warmup-epochs", "8")))
        .hasMessage("Invalid train.warmup-epochs: 8.0 (at least 0 and below train.epochs 8)");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("train.early-stopping-patience", "3")))
        .hasMessage(
            "Invalid train.early-stopping-patience: 3 needs a validation split; set"
                + " train.validation-fraction above 0");
    assertThat(
            ConfigLoader.load(
                    null,
                    Map.of(
                        "train.optimizer",
                        "adam",
                        "train.validation-fraction",
                        "0.1",
                        "train.early-stopping-patience",
                        "3"))
                .train()
                .earlyStoppingPatience())
        .isEqualTo(3);
  }

  @Test
  void augmentOpsAreNamedAndChecked() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("augment.ops", "[rotation, blur]")))
        .hasMessage(
            "Invalid augment.ops: unknown op 'blur' (known: rotation, crop, flip, jitter,"
                + " erasing)");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("augment.ops", "[flip, normalize]")))
        .hasMessageStartingWith("Invalid augment.ops: normalize is always applied last");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("augment.ops", "[flip, crop, flip]")))
        .hasMessage("Invalid augment.ops: 'flip' is listed twice");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("augment.erasing-max-scale", "0.01")))
        .hasMessage("Invalid augment.erasing-max-scale: 0.01 (between 0.02 and 0.99)");
  }

  @Test
  void dropoutAndLabelSmoothingAreChecked() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("train.dropout", "0.95")))
        .hasMessageContaining("Invalid train.dropout: 0.95");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("train.label-smoothing", "-0.1")))
        .hasMessageContaining("Invalid train.label-smoothing: -0.1");
    TrainConfig t =
        ConfigLoader.load(null, Map.of("train.dropout", "0.3", "train.label-smoothing", "0.1"))
            .train();
    assertThat(t.dropout()).isEqualTo(0.3);
    assertThat(t.labelSmoothing()).isEqualTo(0.1);
  }

  @Test
  void batchNormIsATrueOrFalseSwitch() {
    assertThat(ConfigLoader.load(null, Map.of("train.batch-norm", "true")).train().batchNorm())
        .isTrue();
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("train.batch-norm", "sometimes")))
        .hasMessage(
            "Invalid configuration: --conf train.batch-norm: train.batch-norm has type"
                + " STRING rather than BOOLEAN");
  }

  @Test
  void missingConfigFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope.conf");
    assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
        .hasMessage("Cannot read config file " + missing + ": not found");
  }

  @Test
  void shippedSiteFilesAreValid() {
    assertThat(ConfigLoader.load(Path.of("../conf/local.conf"), Map.of()).spark().master())
        .isEqualTo("local[*]");
    assertThat(ConfigLoader.load(Path.of("../conf/cluster.conf"), Map.of()).data().source())
        .isEqualTo("/usr/share/datasets/fashion-mnist");
    // The recipe of bench/RESULTS.md's E5 run, key for key.
    GreenTrainConfig full = ConfigLoader.load(Path.of("../conf/full-data.conf"), Map.of());
    GreenTrainConfig e5 =
        ConfigLoader.load(
            null,
            Map.ofEntries(
                Map.entry("data.source", "/usr/share/datasets/fashion-mnist"),
                Map.entry("augment.copies", "1"),
                Map.entry("augment.ops", "[flip]"),
                Map.entry("train.optimizer", "adam"),
                Map.entry("train.learning-rate", "0.002"),
                Map.entry("train.weight-decay", "0.05"),
                Map.entry("train.warmup-epochs", "1"),
                Map.entry("train.epochs", "20"),
                Map.entry("train.final-learning-rate-fraction", "0.01"),
                Map.entry("train.dropout", "0.3"),
                Map.entry("train.label-smoothing", "0.1")));
    assertThat(full.data()).isEqualTo(e5.data());
    assertThat(full.augment()).isEqualTo(e5.augment());
    assertThat(full.train()).isEqualTo(e5.train());
  }

  @Test
  void hashChangesWithTheEffectiveConfig() {
    String a = ConfigLoader.load(null, Map.of()).hash();
    assertThat(ConfigLoader.load(null, Map.of()).hash()).isEqualTo(a);
    assertThat(ConfigLoader.load(null, Map.of("train.rounds", "9")).hash()).isNotEqualTo(a);
  }
}
