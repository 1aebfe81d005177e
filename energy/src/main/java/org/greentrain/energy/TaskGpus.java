package org.greentrain.energy;

import java.io.Serializable;
import java.util.List;

/**
 * The GPUs a row's task held and the GPU hours of the row: the part of the row's time the task ran
 * in, times the GPUs it held. Rows of no task, and tasks that held no GPU, have {@link #NONE}.
 *
 * @param names the GPUs' names as {@code nvidia-smi} reports them, one per GPU held ({@code ""}
 *     where unknown)
 * @param gpuHours GPU hours, h
 */
public record TaskGpus(List<String> names, double gpuHours) implements Serializable {

  public static final TaskGpus NONE = new TaskGpus(List.of(), 0);

  public TaskGpus {
    names = List.copyOf(names);
    if (!(gpuHours >= 0) || Double.isInfinite(gpuHours)) {
      throw new IllegalArgumentException("Invalid GPU hours: " + gpuHours);
    }
  }

  /** The distinct names, joined by {@code "; "}: the {@code gpu_model} a reader sees. */
  public String model() {
    return String.join("; ", names.stream().distinct().toList());
  }
}
