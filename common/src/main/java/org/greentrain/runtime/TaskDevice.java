package org.greentrain.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.greentrain.error.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device a Spark task should train on: the first GPU Spark assigned to the task (resource name
 * {@code gpu}) when DJL's engine in this JVM can use it, else the CPU.
 *
 * <p>Each executor JVM logs, once per GPU address, which task received it and the device it asked
 * DJL for (INFO), and warns once when it must fall back to the CPU: GPUs requested ({@code
 * spark.task.resource.gpu.amount}) but none assigned, or assigned but the engine has no CUDA (the
 * CPU natives, or fewer GPUs visible than the address names).
 */
public final class TaskDevice {

  private TaskDevice() {}

  private static final Logger LOG = LoggerFactory.getLogger(TaskDevice.class);
  private static final AtomicBoolean WARNED_UNASSIGNED = new AtomicBoolean();
  private static final AtomicBoolean WARNED_NO_CUDA = new AtomicBoolean();
  private static final Set<String> LOGGED_ADDRESSES = ConcurrentHashMap.newKeySet();

  /** The device for the task running on this thread, or the CPU outside a task. */
  public static Device current() {
    TaskContext context = TaskContext.get();
    if (context == null) {
      return Device.cpu();
    }
    ResourceInformation gpu = context.resources().get("gpu").getOrElse(() -> null);
    SparkEnv env = SparkEnv.get();
    if (gpu == null
        && env != null
        && gpusRequested(env.conf())
        && !WARNED_UNASSIGNED.getAndSet(true)) {
      LOG.warn(
          "spark.task.resource.gpu.amount is set but Spark assigned this executor's tasks no GPU;"
              + " training on the CPU. Check the executor's GPU discovery script and"
              + " spark.executor.resource.gpu.amount");
    }
    Device wanted = choose(gpu == null ? Map.of() : Map.of("gpu", gpu.addresses()));
    if (!wanted.isGpu()) {
      return wanted;
    }
    int visible = VisibleGpus.COUNT;
    Device used = usable(wanted, visible);
    if (LOGGED_ADDRESSES.add(gpu.addresses()[0])) {
      LOG.info(
          "Spark assigned GPU address {} to task {} (stage {}, partition {}); asked DJL for {},"
              + " training on {}",
          gpu.addresses()[0],
          context.taskAttemptId(),
          context.stageId(),
          context.partitionId(),
          wanted,
          used);
    }
    if (!used.equals(wanted) && !WARNED_NO_CUDA.getAndSet(true)) {
      LOG.warn(
          "Spark assigned GPU {} but DJL's {} engine in this executor sees {} GPU(s); training on"
              + " the CPU. Put PyTorch's CUDA natives on the executors (deploy/GPU.md)",
          wanted,
          Engine.getInstance().getEngineName(),
          visible);
    }
    return used;
  }

  /** The engine's GPU count, asked once per JVM: every ask probes CUDA (and logs when it fails). */
  private static final class VisibleGpus {
    static final int COUNT = Engine.getInstance().getGpuCount();
  }

  /** Whether the application asks for a GPU per task ({@code spark.task.resource.gpu.amount}). */
  public static boolean gpusRequested(SparkConf conf) {
    try {
      return Double.parseDouble(conf.get("spark.task.resource.gpu.amount", "0")) > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Pure choice from a resource-name to addresses map, so it can be tested without Spark. */
  static Device choose(Map<String, String[]> resources) {
    String[] gpus = resources.get("gpu");
    if (gpus == null || gpus.length == 0) {
      return Device.cpu();
    }
    try {
      return Device.gpu(Integer.parseInt(gpus[0].trim()));
    } catch (NumberFormatException e) {
      throw new UserError("Invalid GPU address from Spark: " + gpus[0], e);
    }
  }

  /** {@code wanted}, or the CPU when the engine sees no GPU of that index. */
  static Device usable(Device wanted, int visibleGpus) {
    return wanted.isGpu() && wanted.getDeviceId() >= visibleGpus ? Device.cpu() : wanted;
  }
}
