package org.greentrain.tune;

import com.typesafe.config.ConfigValueFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.greentrain.config.ConfigKeys;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.config.TrainConfig;
import org.greentrain.config.TuneConfig;
import org.greentrain.store.TuningTrial;

/**
 * The recommended settings as a HOCON file for {@code --config}: every knob of {@link
 * TuneConfig#KNOBS} with the value the winning trial trained with, so the file means the same
 * whatever defaults or other file it is used with; a comment says where it comes from.
 */
public final class RecommendedConfig {

  private RecommendedConfig() {}

  /** The file's text. */
  public static String render(
      String runId, int trials, TuningTrial winner, GreenTrainConfig config) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "# Recommended by `greentrain tune`, run %s: trial %d of %d reached validation"
                + " accuracy %.4f (train.target-accuracy %s)%n"
                + "# with the least energy to accuracy of the trials that reached it: %s J in"
                + " %s s. Settings: %s%n"
                + "# Use: greentrain run --config <this file> (with the other settings of the"
                + " tuning run)%n",
            runId,
            winner.trial(),
            trials,
            winner.accuracy(),
            winner.targetAccuracy(),
            number(winner.energyToAccuracyJoules(), "%.0f"),
            number(winner.timeToAccuracySeconds(), "%.1f"),
            winner.settings()));
    for (Map.Entry<String, Object> e : knobs(config).entrySet()) {
      out.append(e.getKey())
          .append(" = ")
          .append(ConfigValueFactory.fromAnyRef(e.getValue()).render())
          .append('\n');
    }
    return out.toString();
  }

  /** Each knob's value in {@code config}; the shards as training runs them. */
  static Map<String, Object> knobs(GreenTrainConfig config) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (String knob : TuneConfig.KNOBS) {
      values.put(knob, value(knob, config));
    }
    return values;
  }

  private static Object value(String knob, GreenTrainConfig config) {
    TrainConfig t = config.train();
    return switch (knob) {
      case ConfigKeys.TRAIN_BATCH_SIZE -> t.batchSize();
      case ConfigKeys.TRAIN_LOCAL_STEPS -> t.localSteps();
      case ConfigKeys.TRAIN_SHARDS -> config.trainingShards();
      case ConfigKeys.TRAIN_LEARNING_RATE -> t.learningRate();
      case ConfigKeys.TRAIN_MOMENTUM -> t.momentum();
      case ConfigKeys.TRAIN_GPU_POWER_LIMIT_W -> t.gpuPowerLimitW();
      case ConfigKeys.TRAIN_TASK_CPUS -> t.taskCpus();
      default -> throw new IllegalStateException("No value for tuning knob " + knob);
    };
  }

  private static String number(Double value, String format) {
    return value == null ? "unknown" : String.format(Locale.ROOT, format, value);
  }
}
