package org.greentrain.train;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.spark.SparkConf;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceProfileBuilder;
import org.apache.spark.resource.TaskResourceRequests;
import org.greentrain.config.ConfigKeys;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.error.UserError;

/**
 * The cores of a training task, which are also its PyTorch intra-op threads: {@code
 * train.task-cpus}, or {@code spark.task.cpus} where that is 0.
 *
 * <p>A count other than spark.task.cpus runs the training stages under a stage-level task resource
 * profile ({@link #profile}; Spark 3.4+, dynamic allocation off: SPARK-39853 for standalone,
 * SPARK-45250 for YARN, SPARK-45495 for Kubernetes). Their tasks then take that many cores of the
 * executors the application already has, while its other stages keep spark.task.cpus; so the count
 * can change between the trainings of one application, as tuning trials need. Spark refuses such a
 * profile in local mode ("TaskResourceProfiles are only supported for Standalone, Yarn and
 * Kubernetes cluster for now when dynamic allocation is disabled"), so there only spark.task.cpus
 * is accepted, and this says so before anything runs.
 */
public final class TaskCpus {

  static final String SPARK_TASK_CPUS = "spark.task.cpus";
  static final String SPARK_EXECUTOR_CORES = "spark.executor.cores";

  private TaskCpus() {}

  /**
   * The cores of each training task under {@code conf} for {@code train.task-cpus} {@code
   * configured}.
   *
   * @throws UserError for a count the application cannot give a task: below 0, other than
   *     spark.task.cpus in local mode, or above spark.executor.cores
   */
  public static int of(int configured, SparkConf conf) {
    int application = applicationCpus(conf);
    if (configured == 0 || configured == application) {
      return application;
    }
    if (configured < 0) {
      throw new UserError(
          "Invalid " + ConfigKeys.TRAIN_TASK_CPUS + ": " + configured + " (at least 0)");
    }
    String master = conf.get("spark.master", "");
    if (isLocal(master)) {
      throw new UserError(
          "Cannot train with "
              + ConfigKeys.TRAIN_TASK_CPUS
              + " "
              + configured
              + " in local mode (spark.master "
              + master
              + "): it needs a cluster manager (standalone, YARN or Kubernetes) for Spark's"
              + " stage-level task resources; in local mode set "
              + SPARK_TASK_CPUS
              + " instead (now "
              + application
              + ")");
    }
    // Where spark.executor.cores is unset (standalone: all of a worker's free cores) only the
    // executors know; Spark would leave a task that fits none of them waiting.
    if (conf.contains(SPARK_EXECUTOR_CORES)
        && configured > conf.getInt(SPARK_EXECUTOR_CORES, configured)) {
      throw new UserError(
          "Invalid "
              + ConfigKeys.TRAIN_TASK_CPUS
              + ": "
              + configured
              + " (at most "
              + SPARK_EXECUTOR_CORES
              + " "
              + conf.get(SPARK_EXECUTOR_CORES)
              + ": a task runs on one executor)");
    }
    return configured;
  }

  /**
   * Checks train.task-cpus and that of every {@code tune.candidates} entry that sets it against the
   * application's {@code conf}, so a run or tuning that cannot train fails before it starts.
   *
   * @throws UserError as {@link #of}, naming the candidate where it is one
   */
  public static void check(GreenTrainConfig config, SparkConf conf) {
    of(config.train().taskCpus(), conf);
    List<SortedMap<String, Object>> candidates = config.tune().candidates();
    for (int i = 0; i < candidates.size(); i++) {
      Object value = candidates.get(i).get(ConfigKeys.TRAIN_TASK_CPUS);
      if (value == null) {
        continue;
      }
      try {
        // Built as the trial's config is, so a value the config refuses reads the same.
        of(config.withValues(Map.of(ConfigKeys.TRAIN_TASK_CPUS, value)).train().taskCpus(), conf);
      } catch (UserError e) {
        throw new UserError(
            "Invalid " + ConfigKeys.TUNE_CANDIDATES + "[" + i + "]: " + e.getMessage(), e);
      }
    }
  }

  /** {@code spark.task.cpus}: the cores of every task that has no profile of its own. */
  static int applicationCpus(SparkConf conf) {
    return conf.getInt(SPARK_TASK_CPUS, 1);
  }

  /**
   * A profile whose tasks take {@code cpus} cores each and request nothing of the executors, so
   * they run on the application's executors (a {@code TaskResourceProfile}).
   */
  static ResourceProfile profile(int cpus) {
    return new ResourceProfileBuilder().require(new TaskResourceRequests().cpus(cpus)).build();
  }

  private static boolean isLocal(String master) {
    // local-cluster[...] runs a standalone Master and Worker in-process: profiles work there.
    return master.equals("local") || master.startsWith("local[");
  }
}
