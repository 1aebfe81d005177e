package org.greentrain.tune;

import static java.math.MathContext.DECIMAL64;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.greentrain.config.ConfigKeys;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.config.TrainConfig;
import org.greentrain.error.UserError;

/**
 * The trials of {@code tune.candidates} under a config, each checked before anything trains: a
 * candidate the config would refuse fails the command at once, naming it.
 */
public final class Trials {

  private Trials() {}

  /**
   * One trial per candidate, in list order.
   *
   * @throws UserError without a target accuracy, without candidates, or for a candidate whose
   *     config is invalid
   */
  public static List<Trial> plan(GreenTrainConfig config) {
    TrainConfig t = config.train();
    if (t.targetAccuracy() <= 0) {
      throw new UserError(
          "Cannot tune: "
              + ConfigKeys.TRAIN_TARGET_ACCURACY
              + " is 0; every trial trains to it, so set it in (0, 1], e.g. --conf "
              + ConfigKeys.TRAIN_TARGET_ACCURACY
              + "=0.8 --conf "
              + ConfigKeys.TRAIN_VALIDATION_FRACTION
              + "=0.1");
    }
    List<SortedMap<String, Object>> candidates = config.tune().candidates();
    if (candidates.isEmpty()) {
      throw new UserError(
          "Cannot tune: "
              + ConfigKeys.TUNE_CANDIDATES
              + " is empty; list the settings to try, e.g. --conf '"
              + ConfigKeys.TUNE_CANDIDATES
              + "=[{\""
              + ConfigKeys.TRAIN_BATCH_SIZE
              + "\": 32}, {\""
              + ConfigKeys.TRAIN_BATCH_SIZE
              + "\": 128}]'");
    }
    List<Trial> trials = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      SortedMap<String, Object> settings = settings(candidates.get(i), config);
      Map<String, Object> values = new TreeMap<>(settings);
      // A trial is never resumed, so its checkpoints would be written for nothing.
      values.put(ConfigKeys.TRAIN_CHECKPOINT_EVERY, 0);
      GreenTrainConfig trialConfig;
      try {
        trialConfig = config.withValues(values);
      } catch (UserError e) {
        throw new UserError(
            "Invalid " + ConfigKeys.TUNE_CANDIDATES + "[" + i + "]: " + e.getMessage(), e);
      }
      trials.add(new Trial(i + 1, settings, trialConfig));
    }
    return trials;
  }

  /**
   * The candidate's settings, with the learning rate scaled linearly with the batch size (Goyal et
   * al. 2017, "Accurate, Large Minibatch SGD") and with the shard count, when it sets either but
   * not the rate. Local SGD averages the shards' models, so each averaged step stands for shards x
   * batch samples: the same linear rule for the global batch (docs/training.md, "the learning rate
   * per shard", measured 2 shards against 1).
   */
  static SortedMap<String, Object> settings(
      Map<String, Object> candidate, GreenTrainConfig config) {
    TrainConfig t = config.train();
    SortedMap<String, Object> settings = new TreeMap<>(candidate);
    if (candidate.containsKey(ConfigKeys.TRAIN_LEARNING_RATE)) {
      return settings;
    }
    Object batch = candidate.get(ConfigKeys.TRAIN_BATCH_SIZE);
    Object shards = candidate.get(ConfigKeys.TRAIN_SHARDS);
    if (batch == null && shards == null) {
      return settings;
    }
    // In decimal, so that 0.05 x 32/64 x 3/2 is written 0.0375, as a person would set it.
    BigDecimal rate = new BigDecimal(Double.toString(t.learningRate()));
    if (batch instanceof Number b) {
      rate = rate.multiply(decimal(b)).divide(BigDecimal.valueOf(t.batchSize()), DECIMAL64);
    }
    if (shards instanceof Number k && k.intValue() > 0) {
      rate =
          rate.multiply(decimal(k)).divide(BigDecimal.valueOf(config.trainingShards()), DECIMAL64);
    }
    settings.put(ConfigKeys.TRAIN_LEARNING_RATE, rate.doubleValue());
    return settings;
  }

  private static BigDecimal decimal(Number n) {
    return new BigDecimal(n.toString());
  }
}
