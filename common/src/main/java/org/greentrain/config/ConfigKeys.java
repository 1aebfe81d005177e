package org.greentrain.config;

import java.util.List;

/**
 * Every HOCON key GreenTrain reads, named once, as Iceberg's {@code TableProperties} names its
 * table properties. Parsing ({@link GreenTrainConfig}), validation messages and the unknown-key
 * check use these constants; {@code ConfigLoaderTest} checks that they and {@code
 * conf/application.conf} name the same keys.
 *
 * <p>The defaults live in {@code conf/application.conf} alone (bundled as {@value
 * ConfigLoader#DEFAULTS_RESOURCE}), with their meaning. A {@code *_DEFAULT} constant exists only
 * where code needs a default without loading the config, such as {@link OptimizeConfig#OFF} and the
 * short constructors of {@link DataConfig} and {@link CompressConfig}; {@code ConfigLoaderTest}
 * checks each against {@code application.conf}.
 */
public final class ConfigKeys {

  private ConfigKeys() {}

  // run
  public static final String RUN_ID = "run.id";
  public static final String RUN_TIME_ZONE = "run.time-zone";
  public static final String RUN_SEED = "run.seed";
  public static final String RUN_WAREHOUSE = "run.warehouse";
  public static final String RUN_LOCK_TIMEOUT_MINUTES = "run.lock-timeout-minutes";
  public static final String RUN_KEEP_RUNS = "run.keep-runs";

  // data
  public static final String DATA_SOURCE = "data.source";
  public static final String DATA_NUM_CLASSES = "data.num-classes";
  public static final String DATA_ROWS = "data.rows";
  public static final String DATA_COLS = "data.cols";
  public static final String DATA_FORMAT = "data.format";
  public static final String DATA_CLASSES = "data.classes";
  public static final String DATA_RESIZE = "data.resize";
  public static final String DATA_LABEL_COLUMN = "data.label-column";
  public static final String DATA_IMAGE_COLUMN = "data.image-column";
  public static final String DATA_MAX_REJECT_FRACTION = "data.max-reject-fraction";
  public static final String DATA_CHANNELS = "data.channels";

  /** The section of the data optimisation keys. */
  public static final String DATA_OPTIMIZE = "data.optimize";

  public static final String DATA_OPTIMIZE_EXACT_DUPLICATES = "data.optimize.exact-duplicates";
  public static final String DATA_OPTIMIZE_NEAR_DUPLICATES = "data.optimize.near-duplicates";
  public static final String DATA_OPTIMIZE_NEAR_DUPLICATE_MAX_BITS =
      "data.optimize.near-duplicate-max-bits";
  public static final String DATA_OPTIMIZE_BALANCED_FRACTION = "data.optimize.balanced-fraction";

  // augment
  public static final String AUGMENT_COPIES = "augment.copies";
  public static final String AUGMENT_SHARDS = "augment.shards";
  public static final String AUGMENT_ROTATION_DEGREES = "augment.rotation-degrees";
  public static final String AUGMENT_CROP_MIN_SCALE = "augment.crop-min-scale";
  public static final String AUGMENT_CROP_MAX_SCALE = "augment.crop-max-scale";
  public static final String AUGMENT_CROP_MIN_RATIO = "augment.crop-min-ratio";
  public static final String AUGMENT_CROP_MAX_RATIO = "augment.crop-max-ratio";
  public static final String AUGMENT_CROP_SIZE = "augment.crop-size";
  public static final String AUGMENT_FLIP_PROBABILITY = "augment.flip-probability";
  public static final String AUGMENT_NORMALIZE_MEAN = "augment.normalize-mean";
  public static final String AUGMENT_NORMALIZE_STD = "augment.normalize-std";
  public static final String AUGMENT_OPS = "augment.ops";
  public static final String AUGMENT_BRIGHTNESS = "augment.brightness";
  public static final String AUGMENT_CONTRAST = "augment.contrast";
  public static final String AUGMENT_SATURATION = "augment.saturation";
  public static final String AUGMENT_ERASING_PROBABILITY = "augment.erasing-probability";
  public static final String AUGMENT_ERASING_MIN_SCALE = "augment.erasing-min-scale";
  public static final String AUGMENT_ERASING_MAX_SCALE = "augment.erasing-max-scale";
  public static final String AUGMENT_ERASING_MIN_RATIO = "augment.erasing-min-ratio";
  public static final String AUGMENT_ERASING_MAX_RATIO = "augment.erasing-max-ratio";

  // train
  public static final String TRAIN_MODEL = "train.model";
  public static final String TRAIN_EPOCHS = "train.epochs";
  public static final String TRAIN_ROUNDS = "train.rounds";
  public static final String TRAIN_LOCAL_STEPS = "train.local-steps";
  public static final String TRAIN_SHARDS = "train.shards";
  public static final String TRAIN_BATCH_SIZE = "train.batch-size";
  public static final String TRAIN_LEARNING_RATE = "train.learning-rate";
  public static final String TRAIN_FINAL_LEARNING_RATE_FRACTION =
      "train.final-learning-rate-fraction";
  public static final String TRAIN_MOMENTUM = "train.momentum";
  public static final String TRAIN_WEIGHT_DECAY = "train.weight-decay";
  public static final String TRAIN_ENERGY_BUDGET_KWH = "train.energy-budget-kwh";
  public static final String TRAIN_CHECKPOINT_EVERY = "train.checkpoint-every";
  public static final String TRAIN_OPTIMIZER = "train.optimizer";
  public static final String TRAIN_ADAM_BETA1 = "train.adam-beta1";
  public static final String TRAIN_ADAM_BETA2 = "train.adam-beta2";
  public static final String TRAIN_ADAM_EPSILON = "train.adam-epsilon";
  public static final String TRAIN_WARMUP_EPOCHS = "train.warmup-epochs";
  public static final String TRAIN_VALIDATION_FRACTION = "train.validation-fraction";
  public static final String TRAIN_EARLY_STOPPING_PATIENCE = "train.early-stopping-patience";
  public static final String TRAIN_EARLY_STOPPING_MIN_DELTA = "train.early-stopping-min-delta";
  public static final String TRAIN_TARGET_ACCURACY = "train.target-accuracy";
  public static final String TRAIN_DROPOUT = "train.dropout";
  public static final String TRAIN_LABEL_SMOOTHING = "train.label-smoothing";
  public static final String TRAIN_BATCH_NORM = "train.batch-norm";
  public static final String TRAIN_DEPTH = "train.depth";
  public static final String TRAIN_WIDTHS = "train.widths";
  public static final String TRAIN_WIDTH_MULTIPLIER = "train.width-multiplier";
  public static final String TRAIN_OPTIMIZE = "train.optimize";
  public static final String TRAIN_GPU_POWER_LIMIT_W = "train.gpu-power-limit-w";
  public static final String TRAIN_TASK_CPUS = "train.task-cpus";

  // compress
  public static final String COMPRESS_VARIANTS = "compress.variants";
  public static final String COMPRESS_FINE_TUNE_ROUNDS = "compress.fine-tune-rounds";
  public static final String COMPRESS_EXEMPT_FIRST_LAYER = "compress.exempt-first-layer";
  public static final String COMPRESS_CODEC = "compress.codec";
  public static final String COMPRESS_STRUCTURED_EXEMPT_FIRST_LAYER =
      "compress.structured-exempt-first-layer";
  public static final String COMPRESS_FINE_TUNE_PATIENCE = "compress.fine-tune-patience";
  public static final String COMPRESS_FINE_TUNE_LR_FRACTION = "compress.fine-tune-lr-fraction";
  public static final String COMPRESS_FINE_TUNE_VALIDATION_FRACTION =
      "compress.fine-tune-validation-fraction";
  public static final String COMPRESS_STRUCT_FINE_TUNE_ROUNDS = "compress.struct-fine-tune-rounds";
  public static final String COMPRESS_STRUCT_FINE_TUNE_PATIENCE =
      "compress.struct-fine-tune-patience";
  public static final String COMPRESS_STRUCT_FINE_TUNE_LR_FRACTION =
      "compress.struct-fine-tune-lr-fraction";
  public static final String COMPRESS_STRUCT_FINE_TUNE_VALIDATION_FRACTION =
      "compress.struct-fine-tune-validation-fraction";
  public static final String COMPRESS_DISTILL = "compress.distill";
  public static final String COMPRESS_DISTILL_TEMPERATURE = "compress.distill-temperature";
  public static final String COMPRESS_DISTILL_WEIGHT = "compress.distill-weight";

  // evaluate
  public static final String EVALUATE_BATCH_SIZE = "evaluate.batch-size";
  public static final String EVALUATE_REPEATS = "evaluate.repeats";

  // publish
  public static final String PUBLISH_MODEL_NAME = "publish.model-name";
  public static final String PUBLISH_MIN_ACCURACY = "publish.min-accuracy";
  public static final String PUBLISH_MAX_ACCURACY_DROP = "publish.max-accuracy-drop";

  // energy
  public static final String ENERGY_REGION = "energy.region";
  public static final String ENERGY_PUE = "energy.pue";
  public static final String ENERGY_CPU_MODEL = "energy.cpu-model";
  public static final String ENERGY_POWER_PROFILES_FILE = "energy.power-profiles-file";
  public static final String ENERGY_CARBON_INTENSITY_FILE = "energy.carbon-intensity-file";
  public static final String ENERGY_MEMORY_GB = "energy.memory-gb";
  public static final String ENERGY_SAMPLE_INTERVAL_MS = "energy.sample-interval-ms";
  public static final String ENERGY_POWERCAP_ROOT = "energy.powercap-root";
  public static final String ENERGY_WUE = "energy.wue";
  public static final String ENERGY_SERVER_MODEL = "energy.server-model";
  public static final String ENERGY_EMBODIED_EMISSIONS_FILE = "energy.embodied-emissions-file";
  public static final String ENERGY_WATER_INTENSITY_FILE = "energy.water-intensity-file";

  // tune
  public static final String TUNE_CANDIDATES = "tune.candidates";
  public static final String TUNE_BETA = "tune.beta";
  public static final String TUNE_ETA = "tune.eta";
  public static final String TUNE_MAX_POWER_W = "tune.max-power-w";

  // spark
  public static final String SPARK_MASTER = "spark.master";

  /** Free-form Spark settings: any key under it is passed to Spark. */
  public static final String SPARK_CONF = "spark.conf";

  // defaults needed in code; each equals conf/application.conf (ConfigLoaderTest)

  public static final String DATA_FORMAT_DEFAULT = DataConfig.AUTO;
  public static final List<String> DATA_CLASSES_DEFAULT = List.of();
  public static final boolean DATA_RESIZE_DEFAULT = false;
  public static final String DATA_LABEL_COLUMN_DEFAULT = "label";
  public static final String DATA_IMAGE_COLUMN_DEFAULT = "image";
  public static final double DATA_MAX_REJECT_FRACTION_DEFAULT = 0.01;
  public static final int DATA_CHANNELS_DEFAULT = 0;
  public static final boolean DATA_OPTIMIZE_EXACT_DUPLICATES_DEFAULT = false;
  public static final boolean DATA_OPTIMIZE_NEAR_DUPLICATES_DEFAULT = false;
  public static final int DATA_OPTIMIZE_NEAR_DUPLICATE_MAX_BITS_DEFAULT = 1;
  public static final double DATA_OPTIMIZE_BALANCED_FRACTION_DEFAULT = 1.0;
  public static final String COMPRESS_CODEC_DEFAULT = "deflate";
  public static final boolean COMPRESS_STRUCTURED_EXEMPT_FIRST_LAYER_DEFAULT = false;
  public static final int COMPRESS_FINE_TUNE_PATIENCE_DEFAULT = 2;
  public static final double COMPRESS_FINE_TUNE_LR_FRACTION_DEFAULT = 0.1;
  public static final double COMPRESS_FINE_TUNE_VALIDATION_FRACTION_DEFAULT = 0.05;
  public static final boolean COMPRESS_DISTILL_DEFAULT = false;
  public static final double COMPRESS_DISTILL_TEMPERATURE_DEFAULT = 4.0;
  public static final double COMPRESS_DISTILL_WEIGHT_DEFAULT = 0.7;
}
