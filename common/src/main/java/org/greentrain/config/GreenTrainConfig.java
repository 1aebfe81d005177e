package org.greentrain.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.greentrain.digest.Sha256;
import org.greentrain.error.UserError;

/**
 * The typed, validated configuration of one run. Each stage reads its own section.
 *
 * @param json the effective configuration rendered as JSON, recorded with the run
 */
public record GreenTrainConfig(
    RunConfig run,
    DataConfig data,
    AugmentConfig augment,
    TrainConfig train,
    CompressConfig compress,
    EvaluateConfig evaluate,
    PublishConfig publish,
    TuneConfig tune,
    EnergyConfig energy,
    SparkConfig spark,
    String json)
    implements Serializable {

  static GreenTrainConfig from(Config c) {
    return new GreenTrainConfig(
        new RunConfig(
            c.getString(ConfigKeys.RUN_ID),
            c.getString(ConfigKeys.RUN_TIME_ZONE),
            c.getLong(ConfigKeys.RUN_SEED),
            c.getString(ConfigKeys.RUN_WAREHOUSE),
            c.getLong(ConfigKeys.RUN_LOCK_TIMEOUT_MINUTES),
            c.getInt(ConfigKeys.RUN_KEEP_RUNS)),
        new DataConfig(
            c.getString(ConfigKeys.DATA_SOURCE),
            c.getInt(ConfigKeys.DATA_NUM_CLASSES),
            c.getInt(ConfigKeys.DATA_ROWS),
            c.getInt(ConfigKeys.DATA_COLS),
            c.getString(ConfigKeys.DATA_FORMAT),
            c.getStringList(ConfigKeys.DATA_CLASSES),
            c.getBoolean(ConfigKeys.DATA_RESIZE),
            c.getString(ConfigKeys.DATA_LABEL_COLUMN),
            c.getString(ConfigKeys.DATA_IMAGE_COLUMN),
            c.getDouble(ConfigKeys.DATA_MAX_REJECT_FRACTION),
            new OptimizeConfig(
                c.getBoolean(ConfigKeys.DATA_OPTIMIZE_EXACT_DUPLICATES),
                c.getBoolean(ConfigKeys.DATA_OPTIMIZE_NEAR_DUPLICATES),
                c.getInt(ConfigKeys.DATA_OPTIMIZE_NEAR_DUPLICATE_MAX_BITS),
                c.getDouble(ConfigKeys.DATA_OPTIMIZE_BALANCED_FRACTION)),
            c.getInt(ConfigKeys.DATA_CHANNELS)),
        new AugmentConfig(
            c.getInt(ConfigKeys.AUGMENT_COPIES),
            c.getInt(ConfigKeys.AUGMENT_SHARDS),
            c.getDouble(ConfigKeys.AUGMENT_ROTATION_DEGREES),
            c.getDouble(ConfigKeys.AUGMENT_CROP_MIN_SCALE),
            c.getDouble(ConfigKeys.AUGMENT_CROP_MAX_SCALE),
            c.getDouble(ConfigKeys.AUGMENT_CROP_MIN_RATIO),
            c.getDouble(ConfigKeys.AUGMENT_CROP_MAX_RATIO),
            c.getInt(ConfigKeys.AUGMENT_CROP_SIZE),
            c.getDouble(ConfigKeys.AUGMENT_FLIP_PROBABILITY),
            numbers(c, ConfigKeys.AUGMENT_NORMALIZE_MEAN),
            numbers(c, ConfigKeys.AUGMENT_NORMALIZE_STD),
            c.getStringList(ConfigKeys.AUGMENT_OPS),
            c.getDouble(ConfigKeys.AUGMENT_BRIGHTNESS),
            c.getDouble(ConfigKeys.AUGMENT_CONTRAST),
            c.getDouble(ConfigKeys.AUGMENT_SATURATION),
            c.getDouble(ConfigKeys.AUGMENT_ERASING_PROBABILITY),
            c.getDouble(ConfigKeys.AUGMENT_ERASING_MIN_SCALE),
            c.getDouble(ConfigKeys.AUGMENT_ERASING_MAX_SCALE),
            c.getDouble(ConfigKeys.AUGMENT_ERASING_MIN_RATIO),
            c.getDouble(ConfigKeys.AUGMENT_ERASING_MAX_RATIO)),
        new TrainConfig(
            c.getString(ConfigKeys.TRAIN_MODEL),
            c.getInt(ConfigKeys.TRAIN_EPOCHS),
            c.getInt(ConfigKeys.TRAIN_ROUNDS),
            c.getInt(ConfigKeys.TRAIN_LOCAL_STEPS),
            c.getInt(ConfigKeys.TRAIN_SHARDS),
            c.getInt(ConfigKeys.TRAIN_BATCH_SIZE),
            c.getDouble(ConfigKeys.TRAIN_LEARNING_RATE),
            c.getDouble(ConfigKeys.TRAIN_FINAL_LEARNING_RATE_FRACTION),
            c.getDouble(ConfigKeys.TRAIN_MOMENTUM),
            c.getDouble(ConfigKeys.TRAIN_WEIGHT_DECAY),
            c.getDouble(ConfigKeys.TRAIN_ENERGY_BUDGET_KWH),
            c.getInt(ConfigKeys.TRAIN_CHECKPOINT_EVERY),
            c.getString(ConfigKeys.TRAIN_OPTIMIZER),
            c.getDouble(ConfigKeys.TRAIN_ADAM_BETA1),
            c.getDouble(ConfigKeys.TRAIN_ADAM_BETA2),
            c.getDouble(ConfigKeys.TRAIN_ADAM_EPSILON),
            c.getDouble(ConfigKeys.TRAIN_WARMUP_EPOCHS),
            c.getDouble(ConfigKeys.TRAIN_VALIDATION_FRACTION),
            c.getInt(ConfigKeys.TRAIN_EARLY_STOPPING_PATIENCE),
            c.getDouble(ConfigKeys.TRAIN_EARLY_STOPPING_MIN_DELTA),
            c.getDouble(ConfigKeys.TRAIN_TARGET_ACCURACY),
            c.getDouble(ConfigKeys.TRAIN_DROPOUT),
            c.getDouble(ConfigKeys.TRAIN_LABEL_SMOOTHING),
            c.getBoolean(ConfigKeys.TRAIN_BATCH_NORM),
            c.getInt(ConfigKeys.TRAIN_DEPTH),
            c.getIntList(ConfigKeys.TRAIN_WIDTHS),
            c.getDouble(ConfigKeys.TRAIN_WIDTH_MULTIPLIER),
            c.getString(ConfigKeys.TRAIN_OPTIMIZE),
            c.getDouble(ConfigKeys.TRAIN_GPU_POWER_LIMIT_W),
            c.getInt(ConfigKeys.TRAIN_TASK_CPUS)),
        new CompressConfig(
            c.getStringList(ConfigKeys.COMPRESS_VARIANTS),
            c.getInt(ConfigKeys.COMPRESS_FINE_TUNE_ROUNDS),
            c.getBoolean(ConfigKeys.COMPRESS_EXEMPT_FIRST_LAYER),
            c.getString(ConfigKeys.COMPRESS_CODEC),
            c.getBoolean(ConfigKeys.COMPRESS_STRUCTURED_EXEMPT_FIRST_LAYER),
            new CompressConfig.FineTune(
                c.getInt(ConfigKeys.COMPRESS_FINE_TUNE_PATIENCE),
                c.getDouble(ConfigKeys.COMPRESS_FINE_TUNE_LR_FRACTION),
                c.getDouble(ConfigKeys.COMPRESS_FINE_TUNE_VALIDATION_FRACTION),
                c.getBoolean(ConfigKeys.COMPRESS_DISTILL),
                c.getDouble(ConfigKeys.COMPRESS_DISTILL_TEMPERATURE),
                c.getDouble(ConfigKeys.COMPRESS_DISTILL_WEIGHT)),
            new CompressConfig.StructuredFineTune(
                intOrNull(c, ConfigKeys.COMPRESS_STRUCT_FINE_TUNE_ROUNDS),
                intOrNull(c, ConfigKeys.COMPRESS_STRUCT_FINE_TUNE_PATIENCE),
                doubleOrNull(c, ConfigKeys.COMPRESS_STRUCT_FINE_TUNE_LR_FRACTION),
                doubleOrNull(c, ConfigKeys.COMPRESS_STRUCT_FINE_TUNE_VALIDATION_FRACTION))),
        new EvaluateConfig(
            c.getInt(ConfigKeys.EVALUATE_BATCH_SIZE), c.getInt(ConfigKeys.EVALUATE_REPEATS)),
        new PublishConfig(
            c.getString(ConfigKeys.PUBLISH_MODEL_NAME),
            c.getDouble(ConfigKeys.PUBLISH_MIN_ACCURACY),
            c.getDouble(ConfigKeys.PUBLISH_MAX_ACCURACY_DROP)),
        new TuneConfig(
            TuneConfig.candidates(c.getList(ConfigKeys.TUNE_CANDIDATES)),
            c.getDouble(ConfigKeys.TUNE_BETA),
            c.getDouble(ConfigKeys.TUNE_ETA),
            c.getDouble(ConfigKeys.TUNE_MAX_POWER_W)),
        new EnergyConfig(
            c.getString(ConfigKeys.ENERGY_REGION),
            c.getDouble(ConfigKeys.ENERGY_PUE),
            c.getString(ConfigKeys.ENERGY_CPU_MODEL),
            c.getString(ConfigKeys.ENERGY_POWER_PROFILES_FILE),
            c.getString(ConfigKeys.ENERGY_CARBON_INTENSITY_FILE),
            c.getDouble(ConfigKeys.ENERGY_MEMORY_GB),
            c.getLong(ConfigKeys.ENERGY_SAMPLE_INTERVAL_MS),
            c.getString(ConfigKeys.ENERGY_POWERCAP_ROOT),
            c.getDouble(ConfigKeys.ENERGY_WUE),
            c.getString(ConfigKeys.ENERGY_SERVER_MODEL),
            c.getString(ConfigKeys.ENERGY_EMBODIED_EMISSIONS_FILE),
            c.getString(ConfigKeys.ENERGY_WATER_INTENSITY_FILE)),
        new SparkConfig(c.getString(ConfigKeys.SPARK_MASTER), sparkSettings(c)),
        c.root().render(ConfigRenderOptions.concise().setFormatted(false)));
  }

  /** A number or a list of numbers, as a list. */
  private static List<Double> numbers(Config c, String key) {
    return c.getValue(key).valueType() == ConfigValueType.LIST
        ? c.getDoubleList(key)
        : List.of(c.getDouble(key));
  }

  /** An int, or null where the key is set to null ("as another key"). */
  private static Integer intOrNull(Config c, String key) {
    return c.getIsNull(key) ? null : c.getInt(key);
  }

  /** A double, or null where the key is set to null ("as another key"). */
  private static Double doubleOrNull(Config c, String key) {
    return c.getIsNull(key) ? null : c.getDouble(key);
  }

  private static Map<String, String> sparkSettings(Config c) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : c.getConfig(ConfigKeys.SPARK_CONF).entrySet()) {
      // Keys such as "spark.sql.shuffle.partitions" arrive quoted from HOCON paths.
      out.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
    }
    return out;
  }

  /**
   * This config with {@code values} (config key to value: a number, string or boolean) in place of
   * its own, checked as a loaded config is: what a tuning trial trains with.
   *
   * @throws UserError naming the key, for a key the config does not have or a value it refuses
   */
  public GreenTrainConfig withValues(Map<String, ?> values) {
    Config c = ConfigFactory.parseString(json);
    for (Map.Entry<String, ?> e : values.entrySet()) {
      if (!c.hasPathOrNull(e.getKey())) {
        throw new UserError("Unknown config key: " + e.getKey());
      }
      c = c.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
    }
    try {
      return from(c);
    } catch (ConfigException e) {
      throw new UserError("Invalid configuration: " + e.getMessage(), e);
    }
  }

  /** The shards training runs: {@code train.shards}, or {@code augment.shards} where it is 0. */
  public int trainingShards() {
    return train.shards() > 0 ? train.shards() : augment.shards();
  }

  /** First 16 hex digits of the SHA-256 of {@link #json()}: identifies the effective config. */
  public String hash() {
    return Sha256.hex(json.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
  }
}
