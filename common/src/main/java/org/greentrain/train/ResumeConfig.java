package org.greentrain.train;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.greentrain.config.ConfigKeys;
import org.greentrain.config.ConfigLoader;
import org.greentrain.config.GreenTrainConfig;

/**
 * The effective config keys the model a training produces depends on, recorded with every
 * checkpoint and compared key by key before a resume, so a checkpoint is never continued under a
 * config that would train another model.
 *
 * <p>They are {@code run.seed}; every {@code data.*} and {@code augment.*} key (they define the
 * augmented shards the checkpoint was trained on) except {@code data.max-reject-fraction}, a
 * threshold that fails a run but never changes its data; every {@code train.*} key except {@code
 * train.energy-budget-kwh} (it may only end training early, and says so) and {@code
 * train.checkpoint-every} (when state is saved, not what it is) and {@code train.optimize} (how the
 * settings were chosen; the chosen ones are compared). {@code train.task-cpus} is recorded with its
 * effective value, the PyTorch threads per training task (spark.task.cpus where the key is 0),
 * whose reductions may round differently with another thread count; so 0 under spark.task.cpus 2
 * and 2 are the same. Everything else (run.id, run.warehouse, run.keep-runs, energy.*, compress.*,
 * evaluate.*, publish.*, Spark settings) does not change the trained model and does not block a
 * resume.
 */
final class ResumeConfig {

  /** Where checkpoints written before train.task-cpus recorded the threads per task. */
  private static final String LEGACY_TASK_CPUS = "spark.task.cpus";

  private static final List<String> SECTIONS = List.of("data.", "augment.", "train.");
  private static final Set<String> IGNORED =
      Set.of(
          ConfigKeys.DATA_MAX_REJECT_FRACTION,
          ConfigKeys.TRAIN_ENERGY_BUDGET_KWH,
          ConfigKeys.TRAIN_CHECKPOINT_EVERY,
          ConfigKeys.TRAIN_OPTIMIZE);

  private ResumeConfig() {}

  /**
   * The keys that matter, with their effective values as the config renders them; {@code taskCpus}
   * is the effective train.task-cpus ({@link DistributedTrainer#taskCpus()}).
   */
  static SortedMap<String, String> of(GreenTrainConfig config, int taskCpus) {
    Config c = ConfigFactory.parseString(config.json());
    SortedMap<String, String> out = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
      String key = e.getKey();
      if (matters(key)) {
        out.put(key, String.valueOf(e.getValue().unwrapped()));
      }
    }
    out.put(ConfigKeys.TRAIN_TASK_CPUS, Integer.toString(taskCpus));
    return out;
  }

  /**
   * The keys a checkpoint of an earlier GreenTrain recorded, as this one records them: a key added
   * since then has its default, as the checkpoint's training ran without it; the threads per task
   * move from spark.task.cpus to train.task-cpus. So an upgrade alone does not block a resume.
   */
  static SortedMap<String, String> upgraded(Map<String, String> saved) {
    SortedMap<String, String> out = new TreeMap<>(saved);
    String legacyThreads = out.remove(LEGACY_TASK_CPUS);
    if (legacyThreads != null) {
      out.putIfAbsent(ConfigKeys.TRAIN_TASK_CPUS, legacyThreads);
    }
    for (Map.Entry<String, ConfigValue> e : ConfigLoader.defaults().entrySet()) {
      if (matters(e.getKey())) {
        out.putIfAbsent(e.getKey(), String.valueOf(e.getValue().unwrapped()));
      }
    }
    return out;
  }

  /**
   * The keys whose values differ, as {@code key old -> new} in key order; a key one side lacks
   * shows as {@code (unset)}.
   */
  static List<String> differences(Map<String, String> saved, Map<String, String> now) {
    Set<String> keys = new TreeSet<>(saved.keySet());
    keys.addAll(now.keySet());
    List<String> out = new ArrayList<>();
    for (String key : keys) {
      String before = saved.getOrDefault(key, "(unset)");
      String after = now.getOrDefault(key, "(unset)");
      if (!before.equals(after)) {
        out.add(key + " " + before + " -> " + after);
      }
    }
    return out;
  }

  private static boolean matters(String key) {
    if (key.equals(ConfigKeys.RUN_SEED)) {
      return true;
    }
    return SECTIONS.stream().anyMatch(key::startsWith) && !IGNORED.contains(key);
  }
}
