package org.greentrain.energy;

import java.io.Serializable;

/**
 * One row of the {@code task_energy} table: a share of one executor's sampling window.
 *
 * <p>Executors fill the first part; the driver adds the job id and carbon with {@link #onDriver}.
 * For {@code executor_overhead}, {@code node_other} and {@code driver} rows the task fields are -1
 * and the stage label is empty.
 *
 * @param kind {@link EnergyShare#TASK}, {@link EnergyShare#EXECUTOR_OVERHEAD}, {@link
 *     EnergyShare#NODE_OTHER} or {@link #DRIVER}
 * @param status for task rows: running, success or failed (wasted energy is energy)
 * @param windowStartMs epoch milliseconds of the window's start on the executor's clock
 * @param nodeHours the share of the node's time the row holds: the stretch's hours split by the
 *     same CPU-time shares as its energy, so the rows of a stretch add up to its length
 * @param hardware the node's {@link Hardware#description()}, which its embodied row is found by
 * @param embodiedCo2eGrams manufacturing emissions of the node's hours, {@code nodeHours ×
 *     impact.embodiedGramsPerHour()}, plus those of the GPU hours, {@code gpuEmbodiedCo2eGrams}
 * @param waterLitres on-site and off-site water of the row's energy
 * @param impact the factors used; null until the driver adds them
 * @param gpus the GPUs a task row's task held and its GPU hours; {@link TaskGpus#NONE} for other
 *     rows
 * @param gpuEmbodiedCo2eGrams manufacturing emissions of the GPU hours, {@code gpus.gpuHours() ×
 *     gpuEmbodied.gramsPerGpuHour()}
 * @param gpuEmbodied the GPUs' factor; null until the driver adds it
 */
public record EnergyRow(
    String executorId,
    String host,
    long windowStartMs,
    long windowEndMs,
    String kind,
    String stageLabel,
    int stageId,
    int stageAttempt,
    long taskId,
    int partition,
    int attempt,
    String status,
    double cpuSeconds,
    double joules,
    boolean estimated,
    String method,
    int jobId,
    double co2eGrams,
    String region,
    double intensityGramsPerKwh,
    double pue,
    double nodeHours,
    String hardware,
    double embodiedCo2eGrams,
    double waterLitres,
    ImpactFactors impact,
    TaskGpus gpus,
    double gpuEmbodiedCo2eGrams,
    GpuEmbodied gpuEmbodied)
    implements Serializable {

  /** Rows of the driver process's own energy, where it runs apart from every executor. */
  public static final String DRIVER = "driver";

  /** A row of no GPU as an executor makes it, before the driver adds job and carbon. */
  public static EnergyRow onExecutor(
      String executorId,
      String host,
      long windowStartMs,
      long windowEndMs,
      EnergyShare share,
      String status,
      boolean estimated,
      String method,
      double nodeHours,
      String hardware) {
    return onExecutor(
        executorId,
        host,
        windowStartMs,
        windowEndMs,
        share,
        status,
        estimated,
        method,
        nodeHours,
        hardware,
        TaskGpus.NONE);
  }

  /** A row as an executor makes it, before the driver adds job and carbon. */
  public static EnergyRow onExecutor(
      String executorId,
      String host,
      long windowStartMs,
      long windowEndMs,
      EnergyShare share,
      String status,
      boolean estimated,
      String method,
      double nodeHours,
      String hardware,
      TaskGpus gpus) {
    TaskKey t = share.task();
    return new EnergyRow(
        executorId,
        host,
        windowStartMs,
        windowEndMs,
        share.kind(),
        t == null ? "" : t.stageLabel(),
        t == null ? -1 : t.stageId(),
        t == null ? -1 : t.stageAttempt(),
        t == null ? -1 : t.taskAttemptId(),
        t == null ? -1 : t.partition(),
        t == null ? -1 : t.attempt(),
        status,
        share.cpuSeconds(),
        share.joules(),
        estimated,
        method,
        -1,
        0,
        "",
        0,
        0,
        nodeHours,
        hardware,
        0,
        0,
        null,
        gpus,
        0,
        null);
  }

  /**
   * This row with the driver's knowledge added: the job of its stage, its carbon, and its embodied
   * emissions and water by {@code impact} and, for its GPU hours, {@code gpu} (the factor of {@link
   * #gpus()}' names).
   */
  public EnergyRow onDriver(
      int job, CarbonIntensity carbon, double sitePue, ImpactFactors impact, GpuEmbodied gpu) {
    double gpuGrams = gpu.grams(gpus.gpuHours());
    return new EnergyRow(
        executorId,
        host,
        windowStartMs,
        windowEndMs,
        kind,
        stageLabel,
        stageId,
        stageAttempt,
        taskId,
        partition,
        attempt,
        status,
        cpuSeconds,
        joules,
        estimated,
        method,
        job,
        Carbon.gramsCo2e(joules, sitePue, carbon),
        carbon.region(),
        carbon.gramsPerKwh(),
        sitePue,
        nodeHours,
        hardware,
        impact.embodiedGrams(nodeHours) + gpuGrams,
        impact.waterLitres(joules, sitePue),
        impact,
        gpus,
        gpuGrams,
        gpu);
  }

  /** Seconds of this row's window that fall inside [fromMs, toMs]. */
  public double overlapSeconds(long fromMs, long toMs) {
    long start = Math.max(fromMs, windowStartMs);
    long end = Math.min(toMs, windowEndMs);
    return end > start ? (end - start) / 1000.0 : 0;
  }
}
