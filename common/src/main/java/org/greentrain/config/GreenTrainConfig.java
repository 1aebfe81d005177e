package org.greentrain.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.greentrain.digest.Sha256;

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
    EnergyConfig energy,
    SparkConfig spark,
    String json)
    implements Serializable {

  static GreenTrainConfig from(Config c) {
    return new GreenTrainConfig(
        new RunConfig(
            c.getString("run.id"),
            c.getString("run.time-zone"),
            c.getLong("run.seed"),
            c.getString("run.warehouse"),
            c.getLong("run.lock-timeout-minutes"),
            c.getInt("run.keep-runs")),
        new DataConfig(
            c.getString("data.source"),
            c.getInt("data.num-classes"),
            c.getInt("data.rows"),
            c.getInt("data.cols"),
            c.getString("data.format"),
            c.getStringList("data.classes"),
            c.getBoolean("data.resize"),
            c.getString("data.label-column"),
            c.getString("data.image-column"),
            c.getDouble("data.max-reject-fraction"),
            new OptimizeConfig(
                c.getBoolean("data.optimize.exact-duplicates"),
                c.getBoolean("data.optimize.near-duplicates"),
                c.getInt("data.optimize.near-duplicate-max-bits"),
                c.getDouble("data.optimize.balanced-fraction"))),
        new AugmentConfig(
            c.getInt("augment.copies"),
            c.getInt("augment.shards"),
            c.getDouble("augment.rotation-degrees"),
            c.getDouble("augment.crop-min-scale"),
            c.getDouble("augment.crop-max-scale"),
            c.getDouble("augment.crop-min-ratio"),
            c.getDouble("augment.crop-max-ratio"),
            c.getDouble("augment.flip-probability"),
            c.getDouble("augment.normalize-mean"),
            c.getDouble("augment.normalize-std"),
            c.getStringList("augment.ops"),
            c.getDouble("augment.brightness"),
            c.getDouble("augment.contrast"),
            c.getDouble("augment.erasing-probability"),
            c.getDouble("augment.erasing-min-scale"),
            c.getDouble("augment.erasing-max-scale"),
            c.getDouble("augment.erasing-min-ratio"),
            c.getDouble("augment.erasing-max-ratio")),
        new TrainConfig(
            c.getString("train.model"),
            c.getInt("train.epochs"),
            c.getInt("train.rounds"),
            c.getInt("train.local-steps"),
            c.getInt("train.batch-size"),
            c.getDouble("train.learning-rate"),
            c.getDouble("train.final-learning-rate-fraction"),
            c.getDouble("train.momentum"),
            c.getDouble("train.weight-decay"),
            c.getDouble("train.energy-budget-kwh"),
            c.getInt("train.checkpoint-every"),
            c.getString("train.optimizer"),
            c.getDouble("train.adam-beta1"),
            c.getDouble("train.adam-beta2"),
            c.getDouble("train.adam-epsilon"),
            c.getDouble("train.warmup-epochs"),
            c.getDouble("train.validation-fraction"),
            c.getInt("train.early-stopping-patience"),
            c.getDouble("train.early-stopping-min-delta"),
            c.getDouble("train.dropout"),
            c.getDouble("train.label-smoothing"),
            c.getBoolean("train.batch-norm")),
        new CompressConfig(
            c.getStringList("compress.variants"),
            c.getInt("compress.fine-tune-rounds"),
            c.getBoolean("compress.exempt-first-layer"),
            c.getString("compress.codec"),
            c.getBoolean("compress.structured-exempt-first-layer")),
        new EvaluateConfig(c.getInt("evaluate.batch-size")),
        new PublishConfig(
            c.getString("publish.model-name"),
            c.getDouble("publish.min-accuracy"),
            c.getDouble("publish.max-accuracy-drop")),
        new EnergyConfig(
            c.getString("energy.region"),
            c.getDouble("energy.pue"),
            c.getString("energy.cpu-model"),
            c.getString("energy.power-profiles-file"),
            c.getString("energy.carbon-intensity-file"),
            c.getDouble("energy.memory-gb"),
            c.getLong("energy.sample-interval-ms"),
            c.getString("energy.powercap-root")),
        new SparkConfig(c.getString("spark.master"), sparkSettings(c)),
        c.root().render(ConfigRenderOptions.concise().setFormatted(false)));
  }

  private static Map<String, String> sparkSettings(Config c) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : c.getConfig("spark.conf").entrySet()) {
      // Keys such as "spark.sql.shuffle.partitions" arrive quoted from HOCON paths.
      out.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
    }
    return out;
  }

  /** First 16 hex digits of the SHA-256 of {@link #json()}: identifies the effective config. */
  public String hash() {
    return Sha256.hex(json.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
  }
}
