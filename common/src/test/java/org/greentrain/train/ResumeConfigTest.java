package org.greentrain.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SortedMap;
import org.greentrain.config.ConfigLoader;
import org.greentrain.config.GreenTrainConfig;
import org.junit.jupiter.api.Test;

/** Which keys a checkpoint records, and how two recordings differ. */
class ResumeConfigTest {

  private static SortedMap<String, String> keys(Map<String, String> overrides) {
    GreenTrainConfig config = ConfigLoader.load(null, overrides);
    return ResumeConfig.of(config, 1);
  }

  private static SortedMap<String, String> keys(Map<String, String> overrides, int taskCpus) {
    return ResumeConfig.of(ConfigLoader.load(null, overrides), taskCpus);
  }

  @Test
  void theKeysThatChangeTheModelAreRecordedAndTheOthersAreNot() {
    SortedMap<String, String> keys = keys(Map.of());

    assertThat(keys)
        .containsEntry("run.seed", "42")
        .containsEntry("train.learning-rate", "0.05")
        .containsEntry("train.epochs", "8")
        .containsEntry("augment.shards", "2")
        .containsEntry("data.source", "data-samples")
        .containsEntry("train.task-cpus", "1");
    assertThat(keys.keySet())
        .doesNotContain(
            "train.energy-budget-kwh",
            "train.checkpoint-every",
            "train.optimize",
            "data.max-reject-fraction",
            "run.warehouse",
            "run.keep-runs",
            "energy.region",
            "evaluate.batch-size",
            "publish.model-name",
            "compress.variants")
        .allMatch(
            k ->
                k.equals("run.seed")
                    || k.startsWith("data.")
                    || k.startsWith("augment.")
                    || k.startsWith("train."));
  }

  @Test
  void keysThatDoNotChangeTheModelLeaveNoDifference() {
    SortedMap<String, String> before = keys(Map.of());
    SortedMap<String, String> after =
        keys(
            Map.of(
                "energy.region", "fr",
                "run.keep-runs", "3",
                "run.warehouse", "/elsewhere",
                "publish.min-accuracy", "0.9",
                "evaluate.batch-size", "64",
                "train.energy-budget-kwh", "0.5",
                "train.checkpoint-every", "1"));

    assertThat(ResumeConfig.differences(before, after)).isEmpty();
  }

  @Test
  void theDifferencesNameEachKeyWithBothValuesInKeyOrder() {
    SortedMap<String, String> before = keys(Map.of());
    SortedMap<String, String> after =
        keys(Map.of("train.learning-rate", "0.01", "train.epochs", "10"));

    assertThat(ResumeConfig.differences(before, after))
        .containsExactly("train.epochs 8 -> 10", "train.learning-rate 0.05 -> 0.01");
    assertThat(ResumeConfig.differences(Map.of("a", "1"), Map.of("b", "2")))
        .containsExactly("a 1 -> (unset)", "b (unset) -> 2");
  }

  @Test
  void theThreadsPerTaskAreComparedByTheirEffectiveValue() {
    // 0 under spark.task.cpus 2 trains with 2 threads, as train.task-cpus = 2 does.
    SortedMap<String, String> fromSparkTaskCpus = keys(Map.of("train.task-cpus", "0"), 2);
    SortedMap<String, String> fromKey = keys(Map.of("train.task-cpus", "2"), 2);
    SortedMap<String, String> fourThreads = keys(Map.of("train.task-cpus", "4"), 4);

    assertThat(fromSparkTaskCpus).containsEntry("train.task-cpus", "2");
    assertThat(ResumeConfig.differences(fromSparkTaskCpus, fromKey)).isEmpty();
    assertThat(ResumeConfig.differences(fromKey, fourThreads))
        .containsExactly("train.task-cpus 2 -> 4");
  }

  @Test
  void aCheckpointOfAnEarlierVersionResumesUnderTheSameSettings() {
    // As a checkpoint written before train.shards and train.task-cpus recorded its keys: the
    // threads under spark.task.cpus, no train.shards.
    SortedMap<String, String> old = new java.util.TreeMap<>(keys(Map.of()));
    old.remove("train.shards");
    old.put("spark.task.cpus", old.remove("train.task-cpus"));

    assertThat(ResumeConfig.differences(ResumeConfig.upgraded(old), keys(Map.of()))).isEmpty();
    // It trained on the stored shards, with 1 thread: other settings still block the resume.
    assertThat(
            ResumeConfig.differences(
                ResumeConfig.upgraded(old), keys(Map.of("train.shards", "3"), 2)))
        .containsExactly("train.shards 0 -> 3", "train.task-cpus 1 -> 2");
  }
}
