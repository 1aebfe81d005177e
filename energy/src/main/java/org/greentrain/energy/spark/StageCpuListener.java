package org.greentrain.energy.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Sums the executor CPU time of finished tasks (successful or not: wasted work costs energy too) by
 * the pipeline stage that launched them, read from the Spark local property {@code
 * greentrain.stage}. Tasks of unlabelled Spark stages count under {@code ""}.
 *
 * <p>Spark calls the hooks on its listener-bus thread; totals may be read from any thread. Executor
 * CPU time is the task thread's own CPU time, so work a task hands to other threads (for example
 * extra intra-op threads of a native library) is not included.
 */
public final class StageCpuListener extends SparkListener {

  /** Local property naming the pipeline stage of the jobs a thread submits. */
  public static final String STAGE_PROPERTY = "greentrain.stage";

  private final Map<Integer, String> labelBySparkStage = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> cpuNanosByLabel = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> tasksByLabel = new ConcurrentHashMap<>();

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted event) {
    String label =
        StageLabels.of(
            event.properties() == null ? "" : event.properties().getProperty(STAGE_PROPERTY, ""));
    labelBySparkStage.put(event.stageInfo().stageId(), label);
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd event) {
    if (event.taskMetrics() == null) {
      return;
    }
    String label = labelBySparkStage.getOrDefault(event.stageId(), "");
    cpuNanosByLabel
        .computeIfAbsent(label, k -> new LongAdder())
        .add(event.taskMetrics().executorCpuTime());
    tasksByLabel.computeIfAbsent(label, k -> new LongAdder()).increment();
  }

  /** Executor CPU seconds of finished tasks of {@code label} so far. */
  public double cpuSeconds(String label) {
    LongAdder nanos = cpuNanosByLabel.get(label);
    return nanos == null ? 0 : nanos.sum() / 1e9;
  }

  /** Finished tasks of {@code label} so far. */
  public long tasks(String label) {
    LongAdder n = tasksByLabel.get(label);
    return n == null ? 0 : n.sum();
  }
}
