package org.greentrain.energy;

import java.io.Serializable;

/**
 * Identity of one Spark task attempt as an executor sees it, with the pipeline stage label the job
 * was submitted under ({@code greentrain.stage}, empty when unlabelled).
 */
public record TaskKey(
    long taskAttemptId,
    int stageId,
    int stageAttempt,
    int partition,
    int attempt,
    String stageLabel)
    implements Serializable {

  public TaskKey {
    stageLabel = stageLabel == null ? "" : stageLabel;
  }
}
