package org.greentrain.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.greentrain.error.UserError;

/**
 * What {@code greentrain tune} tries: see {@code conf/application.conf} and docs/tuning.md.
 *
 * @param candidates one map per candidate, knob key to its HOCON value (a number), keys sorted; an
 *     empty map trains the configured settings
 * @param beta a trial stops at the last round that keeps its energy within {@code beta} times the
 *     least energy to accuracy of the trials before it; at least 1. With train.optimize, a run
 *     stops at the last round whose cost stays within beta times the least cost known
 * @param eta train.optimize's weight of energy against time in its cost, in [0, 1]
 * @param maxPowerW the power (W) that turns time into joules in that cost; 0 takes the power
 *     profile's full-load power of the CPU
 */
public record TuneConfig(
    List<SortedMap<String, Object>> candidates, double beta, double eta, double maxPowerW)
    implements Serializable {

  /**
   * The keys a candidate may set. Not augment.shards: the augmented data is written once for all
   * trials, and train.shards deals it into another count. The threads per task are train.task-cpus,
   * not spark.task.cpus: the latter is fixed when the Spark application starts, while the former
   * gives each training its own task resource profile (which needs a cluster manager; in local mode
   * only spark.task.cpus' value is accepted).
   */
  public static final List<String> KNOBS =
      List.of(
          ConfigKeys.TRAIN_BATCH_SIZE,
          ConfigKeys.TRAIN_LOCAL_STEPS,
          ConfigKeys.TRAIN_SHARDS,
          ConfigKeys.TRAIN_LEARNING_RATE,
          ConfigKeys.TRAIN_MOMENTUM,
          ConfigKeys.TRAIN_GPU_POWER_LIMIT_W,
          ConfigKeys.TRAIN_TASK_CPUS);

  public TuneConfig {
    List<SortedMap<String, Object>> copy = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      for (String key : candidates.get(i).keySet()) {
        if (!KNOBS.contains(key)) {
          throw new UserError(
              "Invalid "
                  + ConfigKeys.TUNE_CANDIDATES
                  + "["
                  + i
                  + "]: unknown knob "
                  + key
                  + " (knobs: "
                  + String.join(", ", KNOBS)
                  + ")");
        }
      }
      copy.add(Collections.unmodifiableSortedMap(new TreeMap<>(candidates.get(i))));
    }
    candidates = List.copyOf(copy);
    Checks.range(ConfigKeys.TUNE_BETA, beta, 1, 1000);
    Checks.range(ConfigKeys.TUNE_ETA, eta, 0, 1);
    Checks.range(ConfigKeys.TUNE_MAX_POWER_W, maxPowerW, 0, 1e6);
  }

  /**
   * The candidates of a {@code tune.candidates} list: each an object whose keys are knobs, written
   * flat and quoted ({@code "train.batch-size" = 64}) or nested ({@code train { batch-size = 64
   * }}).
   */
  static List<SortedMap<String, Object>> candidates(List<? extends ConfigValue> list) {
    List<SortedMap<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      ConfigValue v = list.get(i);
      if (v.valueType() != ConfigValueType.OBJECT) {
        throw new UserError(
            "Invalid "
                + ConfigKeys.TUNE_CANDIDATES
                + "["
                + i
                + "]: "
                + v.render()
                + " (an object of knob settings, such as { \""
                + ConfigKeys.TRAIN_BATCH_SIZE
                + "\" = 32 })");
      }
      SortedMap<String, Object> knobs = new TreeMap<>();
      flatten("", ((ConfigObject) v).unwrapped(), knobs);
      out.add(knobs);
    }
    return out;
  }

  private static void flatten(String prefix, Map<String, Object> map, Map<String, Object> out) {
    for (Map.Entry<String, Object> e : map.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> nested) {
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) nested;
        flatten(key + ".", inner, out);
      } else {
        out.put(key, e.getValue());
      }
    }
  }
}
