package org.greentrain.train;

import ai.djl.pytorch.jni.JniUtils;
import java.io.Serializable;
import org.apache.spark.TaskContext;

/**
 * What a training task ran with, as the task itself sees it.
 *
 * @param cpus the cores Spark gave the task ({@link TaskContext#cpus()}): spark.task.cpus, or the
 *     train.task-cpus of its stage's task resource profile
 * @param threads PyTorch's intra-op threads on the task's thread after training
 */
public record TaskThreads(int cpus, int threads) implements Serializable, Comparable<TaskThreads> {

  /** The current Spark task's; call on a task's thread after it trained. */
  static TaskThreads current() {
    return new TaskThreads(TaskContext.get().cpus(), JniUtils.getNumThreads());
  }

  @Override
  public int compareTo(TaskThreads other) {
    int byCpus = Integer.compare(cpus, other.cpus);
    return byCpus != 0 ? byCpus : Integer.compare(threads, other.threads);
  }
}
