package org.greentrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.TaskResourceProfile;
import org.greentrain.config.ConfigLoader;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.error.UserError;
import org.junit.jupiter.api.Test;

/** Which train.task-cpus an application can run, decided from its settings alone. */
class TaskCpusTest {

  private static SparkConf conf(String master, String... keyValues) {
    SparkConf conf = new SparkConf(false).setMaster(master);
    for (int i = 0; i < keyValues.length; i += 2) {
      conf.set(keyValues[i], keyValues[i + 1]);
    }
    return conf;
  }

  @Test
  void zeroAndSparkTaskCpusAreWhatSparkTaskCpusSaysEverywhere() {
    assertThat(TaskCpus.of(0, conf("local[2]"))).as("spark.task.cpus unset: 1").isEqualTo(1);
    assertThat(TaskCpus.of(1, conf("local[2]"))).isEqualTo(1);
    assertThat(TaskCpus.of(0, conf("local[4]", "spark.task.cpus", "2"))).isEqualTo(2);
    assertThat(TaskCpus.of(2, conf("local[4]", "spark.task.cpus", "2"))).isEqualTo(2);
    assertThat(TaskCpus.of(0, conf("spark://master:7077", "spark.task.cpus", "4"))).isEqualTo(4);
  }

  @Test
  void anotherCountInLocalModeIsRefusedNamingSparkTaskCpus() {
    assertThatThrownBy(() -> TaskCpus.of(2, conf("local[2]")))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "Cannot train with train.task-cpus 2 in local mode (spark.master local[2]): it needs a"
                + " cluster manager (standalone, YARN or Kubernetes) for Spark's stage-level task"
                + " resources; in local mode set spark.task.cpus instead (now 1)");
    assertThatThrownBy(() -> TaskCpus.of(1, conf("local", "spark.task.cpus", "2")))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "Cannot train with train.task-cpus 1 in local mode (spark.master local): it needs a"
                + " cluster manager (standalone, YARN or Kubernetes) for Spark's stage-level task"
                + " resources; in local mode set spark.task.cpus instead (now 2)");
  }

  @Test
  void underAClusterManagerACountUpToTheExecutorsCoresIsTaken() {
    assertThat(TaskCpus.of(2, conf("local-cluster[1,2,1024]"))).isEqualTo(2);
    assertThat(TaskCpus.of(4, conf("yarn", "spark.executor.cores", "4"))).isEqualTo(4);
    // Unset executor cores (standalone: all of a worker's): only the executors know.
    assertThat(TaskCpus.of(8, conf("spark://master:7077"))).isEqualTo(8);
    assertThatThrownBy(
            () -> TaskCpus.of(3, conf("spark://master:7077", "spark.executor.cores", "2")))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "Invalid train.task-cpus: 3 (at most spark.executor.cores 2: a task runs on one"
                + " executor)");
  }

  @Test
  void aNegativeCountIsRefusedEvenWhereNothingElseWouldBe() {
    assertThatThrownBy(() -> TaskCpus.of(-1, conf("k8s://https://api:6443")))
        .isInstanceOf(UserError.class)
        .hasMessage("Invalid train.task-cpus: -1 (at least 0)");
  }

  @Test
  void theConfigAndEveryTuningCandidateAreChecked() {
    GreenTrainConfig candidates =
        ConfigLoader.load(
            null,
            Map.of("tune.candidates", "[{\"train.batch-size\": 32}, {\"train.task-cpus\": 2}]"));
    GreenTrainConfig configured = ConfigLoader.load(null, Map.of("train.task-cpus", "2"));

    TaskCpus.check(candidates, conf("local-cluster[1,2,1024]"));
    assertThatThrownBy(() -> TaskCpus.check(candidates, conf("local[2]")))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "Invalid tune.candidates[1]: Cannot train with train.task-cpus 2 in local mode"
                + " (spark.master local[2]): it needs a cluster manager (standalone, YARN or"
                + " Kubernetes) for Spark's stage-level task resources; in local mode set"
                + " spark.task.cpus instead (now 1)");
    assertThatThrownBy(() -> TaskCpus.check(configured, conf("local[2]")))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("Cannot train with train.task-cpus 2 in local mode");
  }

  @Test
  void theProfileAsksTheTaskForItsCoresAndTheExecutorsForNothing() {
    ResourceProfile profile = TaskCpus.profile(3);

    assertThat(profile).isInstanceOf(TaskResourceProfile.class);
    assertThat(profile.taskResourcesJMap().get("cpus").amount()).isEqualTo(3.0);
    assertThat(profile.executorResourcesJMap()).isEmpty();
  }
}
