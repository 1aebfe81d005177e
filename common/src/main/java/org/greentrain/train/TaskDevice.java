package org.greentrain.train;

import ai.djl.Device;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The device a Spark task should train on: the first GPU Spark assigned to the task (resource
 * name {@code gpu}), else the CPU.
 */
public final class TaskDevice {

  private TaskDevice() {}

  /** The device for the task running on this thread, or the CPU outside a task. */
  public static Device current() {
    TaskContext context = TaskContext.get();
    if (context == null) {
      return Device.cpu();
    }
    ResourceInformation gpu = context.resources().get("gpu").getOrElse(() -> null);
    return choose(gpu == null ? Map.of() : Map.of("gpu", gpu.addresses()));
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
      throw new IllegalArgumentException("Invalid GPU address from Spark: " + gpus[0], e);
    }
  }
}
