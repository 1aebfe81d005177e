package org.greentrain.runtime;

import ai.djl.Device;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.greentrain.error.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device a Spark task should train on: the first GPU Spark assigned to the task (resource name
 * {@code gpu}), else the CPU, with one warning per executor JVM when GPUs were requested ({@code
 * spark.task.resource.gpu.amount}) but none was assigned.
 */
public final class TaskDevice {

  private TaskDevice() {}

  private static final Logger LOG = LoggerFactory.getLogger(TaskDevice.class);
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  /** The device for the task running on this thread, or the CPU outside a task. */
  public static Device current() {
    TaskContext context = TaskContext.get();
    if (context == null) {
      return Device.cpu();
    }
    ResourceInformation gpu = context.resources().get("gpu").getOrElse(() -> null);
    if (gpu == null && gpusRequested(SparkEnv.get()) && !WARNED.getAndSet(true)) {
      LOG.warn(
          "spark.task.resource.gpu.amount is set but Spark assigned this executor's tasks no GPU;"
              + " training on the CPU. Check the executor's GPU discovery script and"
              + " spark.executor.resource.gpu.amount");
    }
    return choose(gpu == null ? Map.of() : Map.of("gpu", gpu.addresses()));
  }

  private static boolean gpusRequested(SparkEnv env) {
    if (env == null) {
      return false;
    }
    try {
      return Double.parseDouble(env.conf().get("spark.task.resource.gpu.amount", "0")) > 0;
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
}
