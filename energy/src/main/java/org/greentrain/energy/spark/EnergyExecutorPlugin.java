package org.greentrain.energy.spark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.TaskKilled;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.resource.ResourceInformation;
import org.greentrain.energy.CommandRunner;
import org.greentrain.energy.GpuNames;
import org.greentrain.energy.HostIdentity;
import org.greentrain.energy.NodeMeter;
import org.greentrain.energy.TaskCpuTracker;
import org.greentrain.energy.TaskKey;
import org.greentrain.energy.WindowFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executor side of {@link EnergyPlugin}: tracks the CPU time of each task's thread (the task hooks
 * run on that thread), samples the node meter every {@code sample-interval-ms} on a daemon thread,
 * and sends each window's raw facts to the driver, which attributes each host's energy once. The
 * last window, closed in {@link #shutdown()}, says it is the last. Each task's window also names
 * the GPUs Spark gave it (its resource {@value #GPU}), by {@code nvidia-smi}'s names read once at
 * {@link #init}, for its GPU hours.
 */
public final class EnergyExecutorPlugin implements ExecutorPlugin {

  private static final Logger LOG = LoggerFactory.getLogger(EnergyExecutorPlugin.class);

  /** Spark's resource name for GPUs, as in {@code spark.task.resource.gpu.amount}. */
  static final String GPU = "gpu";

  private final ThreadLocal<TaskKey> currentTask = new ThreadLocal<>();
  private TaskCpuTracker tracker;
  private NodeMeter meter;
  private NodeSampler sampler;
  private ScheduledExecutorService schedule;
  private PluginContext context;
  private GpuNames gpuNames = GpuNames.NONE;

  @Override
  public void init(PluginContext ctx, Map<String, String> extraConf) {
    context = ctx;
    EnergyConf conf = EnergyConf.from(ctx.conf());
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    if (!threads.isThreadCpuTimeEnabled()) {
      threads.setThreadCpuTimeEnabled(true);
    }
    tracker = new TaskCpuTracker(threads::getThreadCpuTime);
    try {
      meter = Meters.forNode(conf, LOG::warn);
    } catch (RuntimeException e) {
      // Accounting must never take an executor down: without a meter, this executor reports
      // nothing.
      LOG.warn(
          "GreenTrain energy plugin disabled on executor {}: no usable energy meter ({})",
          ctx.executorID(),
          e.getMessage());
      return;
    }
    gpuNames = GpuNames.query(CommandRunner.system(), LOG::warn);
    sampler =
        new NodeSampler(
            ctx.executorID(),
            false,
            HostIdentity.local(),
            meter,
            tracker,
            Path.of(conf.procStat()),
            Meters.hardware(conf),
            this::send);
    schedule =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "greentrain-energy-sampler");
              t.setDaemon(true);
              return t;
            });
    schedule.scheduleAtFixedRate(
        () -> sampleSafely(false),
        conf.sampleIntervalMs(),
        conf.sampleIntervalMs(),
        TimeUnit.MILLISECONDS);
    LOG.info("GreenTrain energy plugin on executor {}: meter {}", ctx.executorID(), meter.method());
  }

  @Override
  public void onTaskStart() {
    TaskContext tc = TaskContext.get();
    if (tc == null || sampler == null) {
      return;
    }
    TaskKey key =
        new TaskKey(
            tc.taskAttemptId(),
            tc.stageId(),
            tc.stageAttemptNumber(),
            tc.partitionId(),
            tc.attemptNumber(),
            StageLabels.of(tc.getLocalProperty(StageCpuListener.STAGE_PROPERTY)));
    currentTask.set(key);
    tracker.start(key, Thread.currentThread().getId(), gpusOf(tc));
  }

  /** The names of the GPUs Spark gave the task; empty when it gave none. */
  private List<String> gpusOf(TaskContext tc) {
    ResourceInformation gpus = tc.resourcesJMap().get(GPU);
    return gpus == null ? List.of() : gpuNames.of(Arrays.asList(gpus.addresses()));
  }

  @Override
  public void onTaskSucceeded() {
    endTask("success");
  }

  @Override
  public void onTaskFailed(TaskFailedReason reason) {
    endTask(reason instanceof TaskKilled ? "killed" : "failed");
  }

  @Override
  public void shutdown() {
    if (schedule != null) {
      schedule.shutdownNow();
      try {
        schedule.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      sampleSafely(true);
    }
    if (meter != null) {
      try {
        meter.close();
      } catch (Exception e) {
        LOG.warn("Failed to close energy meter {}", meter.method(), e);
      }
    }
  }

  private void endTask(String status) {
    if (sampler == null) {
      return;
    }
    TaskKey key = currentTask.get();
    currentTask.remove();
    if (key != null) {
      tracker.end(key, status);
    }
  }

  private synchronized void sampleSafely(boolean last) {
    if (sampler == null) {
      return;
    }
    try {
      sampler.closeWindow(last);
    } catch (RuntimeException e) {
      // A failed sample must never fail the executor; the next window covers the gap.
      LOG.warn("GreenTrain energy sample failed on executor {}", context.executorID(), e);
    }
  }

  private void send(WindowFacts facts) {
    try {
      context.send(new EnergyReport(facts));
    } catch (Exception e) {
      LOG.warn(
          "Could not send the energy window {}..{} of executor {} to the driver",
          facts.startMs(),
          facts.endMs(),
          facts.jvmId(),
          e);
    }
  }
}
