package org.greentrain.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.greentrain.energy.spark.EnergyConf;
import org.greentrain.error.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @Test
  void defaultsArePinned() {
    GreenTrainConfig c = ConfigLoader.load(null, Map.of());

    RunConfig run = c.run();
    assertThat(run.id()).isEmpty();
    assertThat(run.timeZone()).isEqualTo("UTC");
    assertThat(run.seed()).isEqualTo(42);
    assertThat(run.warehouse()).isEqualTo("warehouse");
    assertThat(run.lockTimeoutMinutes()).isEqualTo(360);
    assertThat(run.keepRuns()).isEqualTo(7);

    DataConfig data = c.data();
    assertThat(data.source()).isEqualTo("data-samples");
    assertThat(data.numClasses()).isEqualTo(10);
    assertThat(data.rows()).isEqualTo(28);
    assertThat(data.cols()).isEqualTo(28);
    assertThat(data.format()).isEqualTo("auto");
    assertThat(data.classes()).isEmpty();
    assertThat(data.resize()).isFalse();
    assertThat(data.labelColumn()).isEqualTo("label");
    assertThat(data.imageColumn()).isEqualTo("image");
    assertThat(data.maxRejectFraction()).isEqualTo(0.01);
    assertThat(data.channels()).isZero();
    assertThat(data.optimize().exactDuplicates()).isFalse();
    assertThat(data.optimize().nearDuplicates()).isFalse();
    assertThat(data.optimize().nearDuplicateMaxBits()).isEqualTo(1);
    assertThat(data.optimize().balancedFraction()).isEqualTo(1.0);

    AugmentConfig augment = c.augment();
    assertThat(augment.copies()).isEqualTo(1);
    assertThat(augment.shards()).isEqualTo(2);
    assertThat(augment.rotationDegrees()).isEqualTo(5);
    assertThat(augment.cropMinScale()).isEqualTo(0.9);
    assertThat(augment.cropMaxScale()).isEqualTo(1.0);
    assertThat(augment.cropMinRatio()).isEqualTo(0.9);
    assertThat(augment.cropMaxRatio()).isEqualTo(1.1);
    assertThat(augment.flipProbability()).isEqualTo(0.5);
    assertThat(augment.normalizeMean()).containsExactly(0.2860);
    assertThat(augment.normalizeStd()).containsExactly(0.3530);
    assertThat(augment.ops()).containsExactly("rotation", "crop", "flip");
    assertThat(augment.brightness()).isEqualTo(0.2);
    assertThat(augment.contrast()).isEqualTo(0.2);
    assertThat(augment.saturation()).isEqualTo(0.2);
    assertThat(augment.erasingProbability()).isEqualTo(0.5);
    assertThat(augment.erasingMinScale()).isEqualTo(0.02);
    assertThat(augment.erasingMaxScale()).isEqualTo(0.33);
    assertThat(augment.erasingMinRatio()).isEqualTo(0.3);
    assertThat(augment.erasingMaxRatio()).isEqualTo(3.3);

    TrainConfig train = c.train();
    assertThat(train.model()).isEqualTo("cnn");
    assertThat(train.epochs()).isEqualTo(8);
    assertThat(train.rounds()).isZero();
    assertThat(train.localSteps()).isEqualTo(100);
    assertThat(train.batchSize()).isEqualTo(64);
    assertThat(train.learningRate()).isEqualTo(0.05);
    assertThat(train.finalLearningRateFraction()).isEqualTo(0.1);
    assertThat(train.momentum()).isEqualTo(0.9);
    assertThat(train.weightDecay()).isEqualTo(0.0001);
    assertThat(train.energyBudgetKwh()).isZero();
    assertThat(train.checkpointEvery()).isEqualTo(5);
    assertThat(train.optimizer()).isEqualTo("sgd");
    assertThat(train.adamBeta1()).isEqualTo(0.9);
    assertThat(train.adamBeta2()).isEqualTo(0.999);
    assertThat(train.adamEpsilon()).isEqualTo(1e-8);
    assertThat(train.warmupEpochs()).isZero();
    assertThat(train.validationFraction()).isZero();
    assertThat(train.earlyStoppingPatience()).isZero();
    assertThat(train.earlyStoppingMinDelta()).isZero();
    assertThat(train.targetAccuracy()).isZero();
    assertThat(train.dropout()).isZero();
    assertThat(train.labelSmoothing()).isZero();
    assertThat(train.batchNorm()).isFalse();
    assertThat(train.depth()).isEqualTo(20);
    assertThat(train.widths()).isEmpty();
    assertThat(train.widthMultiplier()).isEqualTo(1.0);
    assertThat(train.optimize()).isEqualTo("off");
    assertThat(train.gpuPowerLimitW()).isZero();
    assertThat(train.taskCpus()).as("0: spark.task.cpus").isZero();

    CompressConfig compress = c.compress();
    assertThat(compress.variants()).containsExactly("int8");
    assertThat(compress.fineTuneRounds()).isEqualTo(2);
    assertThat(compress.exemptFirstLayer()).isTrue();
    assertThat(compress.codec()).isEqualTo("deflate");
    assertThat(compress.structuredExemptFirstLayer()).isFalse();
    assertThat(compress.fineTune().patience()).isEqualTo(2);
    assertThat(compress.fineTune().learningRateFraction()).isEqualTo(0.1);
    assertThat(compress.fineTune().validationFraction()).isEqualTo(0.05);
    assertThat(compress.fineTune().distill()).isFalse();
    assertThat(compress.fineTune().temperature()).isEqualTo(4.0);
    assertThat(compress.fineTune().weight()).isEqualTo(0.7);
    assertThat(compress.structured()).isEqualTo(CompressConfig.StructuredFineTune.SAME);

    assertThat(c.evaluate().batchSize()).isEqualTo(256);
    assertThat(c.evaluate().repeats()).isEqualTo(1);

    PublishConfig publish = c.publish();
    assertThat(publish.modelName()).isEqualTo("fashion-cnn");
    assertThat(publish.minAccuracy()).isEqualTo(0.5);
    assertThat(publish.maxAccuracyDrop()).isEqualTo(0.01);

    EnergyConfig energy = c.energy();
    assertThat(energy.region()).isEqualTo("world");
    assertThat(energy.pue()).isEqualTo(1.0);
    assertThat(energy.cpuModel()).isEmpty();
    assertThat(energy.powerProfilesFile()).isEmpty();
    assertThat(energy.carbonIntensityFile()).isEmpty();
    assertThat(energy.memoryGb()).isEqualTo(4);
    assertThat(energy.sampleIntervalMs()).isEqualTo(1000);
    assertThat(energy.powercapRoot()).isEqualTo("/sys/class/powercap");
    assertThat(energy.wue()).isEqualTo(EnergyConf.WUE_DEFAULT).isEqualTo(1.8);
    assertThat(energy.serverModel()).isEmpty();
    assertThat(energy.embodiedEmissionsFile()).isEmpty();
    assertThat(energy.waterIntensityFile()).isEmpty();

    assertThat(c.tune().candidates()).isEmpty();
    assertThat(c.tune().beta()).isEqualTo(2.0);
    assertThat(c.tune().eta()).isEqualTo(0.5);
    assertThat(c.tune().maxPowerW()).isZero();

    assertThat(c.spark().master()).isEqualTo("local[*]");
    assertThat(c.spark().settings()).isEmpty();
  }

  @Test
  void everyKeyOfTheDefaultsIsNamedOnceInConfigKeys() throws Exception {
    Set<String> named = new TreeSet<>();
    for (Field f : ConfigKeys.class.getFields()) {
      if (f.getType() == String.class && !f.getName().endsWith("_DEFAULT")) {
        assertThat(named.add((String) f.get(null))).as(f.getName() + " repeats a key").isTrue();
      }
    }
    Config defaults = ConfigLoader.defaults();
    // Sections count as keys too: spark.conf (empty, so no entry below) and data.optimize.
    for (String key : named) {
      assertThat(defaults.hasPathOrNull(key)).as(key + " in application.conf").isTrue();
    }
    for (Map.Entry<String, ConfigValue> e : defaults.entrySet()) {
      assertThat(named).as("a ConfigKeys constant for " + e.getKey()).contains(e.getKey());
    }
  }

  @Test
  void defaultsInCodeEqualApplicationConf() {
    Config d = ConfigLoader.defaults();
    assertThat(d.getString(ConfigKeys.DATA_FORMAT)).isEqualTo(ConfigKeys.DATA_FORMAT_DEFAULT);
    assertThat(d.getStringList(ConfigKeys.DATA_CLASSES)).isEqualTo(ConfigKeys.DATA_CLASSES_DEFAULT);
    assertThat(d.getBoolean(ConfigKeys.DATA_RESIZE)).isEqualTo(ConfigKeys.DATA_RESIZE_DEFAULT);
    assertThat(d.getString(ConfigKeys.DATA_LABEL_COLUMN))
        .isEqualTo(ConfigKeys.DATA_LABEL_COLUMN_DEFAULT);
    assertThat(d.getString(ConfigKeys.DATA_IMAGE_COLUMN))
        .isEqualTo(ConfigKeys.DATA_IMAGE_COLUMN_DEFAULT);
    assertThat(d.getDouble(ConfigKeys.DATA_MAX_REJECT_FRACTION))
        .isEqualTo(ConfigKeys.DATA_MAX_REJECT_FRACTION_DEFAULT);
    assertThat(d.getInt(ConfigKeys.DATA_CHANNELS)).isEqualTo(ConfigKeys.DATA_CHANNELS_DEFAULT);
    assertThat(d.getBoolean(ConfigKeys.DATA_OPTIMIZE_EXACT_DUPLICATES))
        .isEqualTo(ConfigKeys.DATA_OPTIMIZE_EXACT_DUPLICATES_DEFAULT);
    assertThat(d.getBoolean(ConfigKeys.DATA_OPTIMIZE_NEAR_DUPLICATES))
        .isEqualTo(ConfigKeys.DATA_OPTIMIZE_NEAR_DUPLICATES_DEFAULT);
    assertThat(d.getInt(ConfigKeys.DATA_OPTIMIZE_NEAR_DUPLICATE_MAX_BITS))
        .isEqualTo(ConfigKeys.DATA_OPTIMIZE_NEAR_DUPLICATE_MAX_BITS_DEFAULT);
    assertThat(d.getDouble(ConfigKeys.DATA_OPTIMIZE_BALANCED_FRACTION))
        .isEqualTo(ConfigKeys.DATA_OPTIMIZE_BALANCED_FRACTION_DEFAULT);
    assertThat(d.getString(ConfigKeys.COMPRESS_CODEC)).isEqualTo(ConfigKeys.COMPRESS_CODEC_DEFAULT);
    assertThat(d.getBoolean(ConfigKeys.COMPRESS_STRUCTURED_EXEMPT_FIRST_LAYER))
        .isEqualTo(ConfigKeys.COMPRESS_STRUCTURED_EXEMPT_FIRST_LAYER_DEFAULT);
    assertThat(d.getInt(ConfigKeys.COMPRESS_FINE_TUNE_PATIENCE))
        .isEqualTo(ConfigKeys.COMPRESS_FINE_TUNE_PATIENCE_DEFAULT);
    assertThat(d.getDouble(ConfigKeys.COMPRESS_FINE_TUNE_LR_FRACTION))
        .isEqualTo(ConfigKeys.COMPRESS_FINE_TUNE_LR_FRACTION_DEFAULT);
    assertThat(d.getDouble(ConfigKeys.COMPRESS_FINE_TUNE_VALIDATION_FRACTION))
        .isEqualTo(ConfigKeys.COMPRESS_FINE_TUNE_VALIDATION_FRACTION_DEFAULT);
    assertThat(d.getBoolean(ConfigKeys.COMPRESS_DISTILL))
        .isEqualTo(ConfigKeys.COMPRESS_DISTILL_DEFAULT);
    assertThat(d.getDouble(ConfigKeys.COMPRESS_DISTILL_TEMPERATURE))
        .isEqualTo(ConfigKeys.COMPRESS_DISTILL_TEMPERATURE_DEFAULT);
    assertThat(d.getDouble(ConfigKeys.COMPRESS_DISTILL_WEIGHT))
        .isEqualTo(ConfigKeys.COMPRESS_DISTILL_WEIGHT_DEFAULT);
    // The short constructors and OFF are built from those constants.
    GreenTrainConfig c = ConfigLoader.load(null, Map.of());
    assertThat(c.data().optimize()).isEqualTo(OptimizeConfig.OFF);
    assertThat(new DataConfig(c.data().source(), 10, 28, 28)).isEqualTo(c.data());
    assertThat(new CompressConfig(List.of("int8"), 2, true)).isEqualTo(c.compress());
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
  void evaluationRepeatsAreAtLeastOne() {
    assertThat(ConfigLoader.load(null, Map.of("evaluate.repeats", "5")).evaluate().repeats())
        .isEqualTo(5);
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("evaluate.repeats", "0")))
        .isInstanceOf(UserError.class)
        .hasMessage("Invalid evaluate.repeats: 0 (at least 1)");
  }

  @Test
  void structuredVariantsFineTuneWithTheirOwnKeysWhereSetAndTheGeneralOnesElsewhere() {
    CompressConfig c =
        ConfigLoader.load(
                null,
                Map.of(
                    "compress.fine-tune-rounds", "30",
                    "compress.fine-tune-patience", "6",
                    "compress.fine-tune-lr-fraction", "0.1",
                    "compress.distill", "true",
                    "compress.struct-fine-tune-rounds", "60",
                    "compress.struct-fine-tune-lr-fraction", "0.5",
                    "compress.struct-fine-tune-validation-fraction", "0"))
            .compress();

    assertThat(c.fineTuneRounds()).as("unstructured rounds unchanged").isEqualTo(30);
    assertThat(c.fineTune().learningRateFraction()).isEqualTo(0.1);
    CompressConfig structured = c.forStructured();
    assertThat(structured.fineTuneRounds()).isEqualTo(60);
    assertThat(structured.fineTune())
        .as("patience and distillation from the general keys, the rest from struct-*")
        .isEqualTo(new CompressConfig.FineTune(6, 0.5, 0, true, 4, 0.7));
    assertThat(ConfigLoader.load(null, Map.of()).compress().forStructured())
        .as("no struct-* key set: the same settings")
        .isEqualTo(ConfigLoader.load(null, Map.of()).compress());
  }

  @Test
  void badStructuredFineTuningSettingsAreRejectedByTheirOwnKey() {
    assertThatThrownBy(
            () -> ConfigLoader.load(null, Map.of("compress.struct-fine-tune-rounds", "-1")))
        .isInstanceOf(UserError.class)
        .hasMessage("Invalid compress.struct-fine-tune-rounds: -1 (at least 0)");
    assertThatThrownBy(
            () -> ConfigLoader.load(null, Map.of("compress.struct-fine-tune-patience", "-2")))
        .isInstanceOf(UserError.class)
        .hasMessage("Invalid compress.struct-fine-tune-patience: -2 (at least 0)");
    assertThatThrownBy(
            () -> ConfigLoader.load(null, Map.of("compress.struct-fine-tune-lr-fraction", "1.5")))
        .isInstanceOf(UserError.class)
        .hasMessage("Invalid compress.struct-fine-tune-lr-fraction: 1.5 (above 0 and at most 1)");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    null, Map.of("compress.struct-fine-tune-validation-fraction", "1")))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "Invalid compress.struct-fine-tune-validation-fraction: 1.0 (at least 0 and below 1)");
    assertThatThrownBy(
            () -> ConfigLoader.load(null, Map.of("compress.struct-fine-tune-rounds", "many")))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("compress.struct-fine-tune-rounds");
  }

  @Test
  void distillationAndFineTuningSettingsAreParsedAndCheckedByKey() {
    CompressConfig.FineTune f =
        ConfigLoader.load(
                null,
                Map.of(
                    "compress.distill", "true",
                    "compress.distill-temperature", "2.5",
                    "compress.distill-weight", "1",
                    "compress.fine-tune-patience", "0",
                    "compress.fine-tune-lr-fraction", "0.2",
                    "compress.fine-tune-validation-fraction", "0"))
            .compress()
            .fineTune();
    assertThat(f).isEqualTo(new CompressConfig.FineTune(0, 0.2, 0, true, 2.5, 1));

    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("compress.distill-temperature", "0")))
        .isInstanceOf(UserError.class)
        .hasMessage("Invalid compress.distill-temperature: 0.0 (above 0)");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("compress.distill-temperature", "-1")))
        .isInstanceOf(UserError.class)
        .hasMessage("Invalid compress.distill-temperature: -1.0 (above 0)");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("compress.distill-weight", "1.5")))
        .isInstanceOf(UserError.class)
        .hasMessage("Invalid compress.distill-weight: 1.5 (between 0.0 and 1.0)");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("compress.distill-weight", "-0.1")))
        .isInstanceOf(UserError.class)
        .hasMessage("Invalid compress.distill-weight: -0.1 (between 0.0 and 1.0)");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("compress.fine-tune-patience", "-1")))
        .isInstanceOf(UserError.class)
        .hasMessage("Invalid compress.fine-tune-patience: -1 (at least 0)");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("compress.fine-tune-lr-fraction", "0")))
        .isInstanceOf(UserError.class)
        .hasMessage("Invalid compress.fine-tune-lr-fraction: 0.0 (above 0 and at most 1)");
    assertThatThrownBy(
            () -> ConfigLoader.load(null, Map.of("compress.fine-tune-validation-fraction", "1")))
        .isInstanceOf(UserError.class)
        .hasMessage("Invalid compress.fine-tune-validation-fraction: 1.0 (at least 0 and below 1)");
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
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("energy.wue", "11")))
        .hasMessage("Invalid energy.wue: 11.0 (between 0.0 and 10.0)");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("train.model", "vgg")))
        .hasMessage(
            "Invalid train.model: vgg (cnn, mlp, resnet, mobilenet or"
                + " class:<fully.qualified.ClassName>)");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("publish.min-accuracy", "1.5")))
        .hasMessage("Invalid publish.min-accuracy: 1.5 (between 0.0 and 1.0)");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("run.keep-runs", "0")))
        .hasMessage("Invalid run.keep-runs: 0 (at least 1)");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("train.task-cpus", "-1")))
        .hasMessage("Invalid train.task-cpus: -1 (at least 0)");
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
            "Invalid data.format: tiff (one of auto, idx, image-folder, parquet, cifar10, cifar100)");
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
  void zooModelsTheirShapeAndUserClassesAreChecked() {
    TrainConfig resnet =
        ConfigLoader.load(
                null,
                Map.of("train.model", "resnet", "train.depth", "14", "train.widths", "[8,16,32]"))
            .train();
    assertThat(resnet.model()).isEqualTo("resnet");
    assertThat(resnet.depth()).isEqualTo(14);
    assertThat(resnet.widths()).containsExactly(8, 16, 32);
    assertThat(
            ConfigLoader.load(null, Map.of("train.model", "class:com.example.My$Net"))
                .train()
                .model())
        .isEqualTo("class:com.example.My$Net");

    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("train.depth", "12")))
        .hasMessage("Invalid train.depth: 12 (6n+2: 8, 14, 20, 32, ...)");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    null, Map.of("train.model", "mobilenet", "train.widths", "[8,16,32]")))
        .hasMessage(
            "Invalid train.widths: [8, 16, 32] (empty for the defaults, or 5 widths of at"
                + " least 1 for mobilenet)");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(null, Map.of("train.model", "class:a.B", "train.widths", "[8]")))
        .hasMessage("Invalid train.widths: [8] (a class: model has no widths; leave it empty)");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("train.model", "class:not a class")))
        .hasMessageStartingWith("Invalid train.model: class:not a class (");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("train.width-multiplier", "0")))
        .hasMessage("Invalid train.width-multiplier: 0.0 (between 0.01 and 4.0)");
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

  @Test
  void normalisationIsANumberAListPerChannelOrComputed() {
    AugmentConfig list =
        ConfigLoader.load(
                null,
                Map.of(
                    "augment.normalize-mean", "[0.49, 0.48, 0.45]",
                    "augment.normalize-std", "[0.25, 0.24, 0.26]"))
            .augment();
    assertThat(list.normalizeMean()).containsExactly(0.49, 0.48, 0.45);
    assertThat(list.normalizeStd()).containsExactly(0.25, 0.24, 0.26);
    assertThat(list.computesNormalisation()).isFalse();

    AugmentConfig computed =
        ConfigLoader.load(
                null, Map.of("augment.normalize-mean", "[]", "augment.normalize-std", "[]"))
            .augment();
    assertThat(computed.computesNormalisation()).isTrue();

    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    null,
                    Map.of("augment.normalize-mean", "[0.5, 0.5]", "augment.normalize-std", "[]")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Invalid augment.normalize-mean and augment.normalize-std: [0.5, 0.5] and []");
  }

  @Test
  void channelsAreZeroOneOrThree() {
    assertThat(ConfigLoader.load(null, Map.of("data.channels", "3")).data().channels())
        .isEqualTo(3);
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("data.channels", "2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid data.channels: 2 (0 = from the source, 1 = grey, 3 = RGB)");
  }
}
