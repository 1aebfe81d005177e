package org.greentrain.runtime;

import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.greentrain.config.ConfigKeys;
import org.greentrain.energy.CommandRunner;
import org.greentrain.error.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The power limit of the GPUs this JVM trains on ({@code train.gpu-power-limit-w}, Zeus's second
 * knob), set with {@code nvidia-smi -i <gpu> -pl <watts>} while at least one training task holds
 * the GPU and put back to the limit it had when the last one lets go.
 *
 * <p>A limit is a setting of the device, not of the process, and it outlives us: hence the restore,
 * and the count of holders, so that two tasks sharing a GPU (a fractional {@code
 * spark.task.resource.gpu.amount}) do not restore it under each other. An executor killed while it
 * holds a GPU leaves the limit set until the next task of any run restores or changes it.
 *
 * <p>Setting a limit needs root on most systems. Where {@code nvidia-smi} refuses, training goes on
 * at the GPU's own limit and the outcome says why (one warning per GPU and JVM). A limit outside
 * the range the GPU reports is the user's error and fails the task.
 */
public final class GpuPowerLimit {

  private static final Logger LOG = LoggerFactory.getLogger(GpuPowerLimit.class);

  /** The executors' instance, running the {@code nvidia-smi} on the PATH. */
  public static final GpuPowerLimit SYSTEM = new GpuPowerLimit(CommandRunner.system());

  /**
   * What became of one GPU's limit.
   *
   * @param previousWatts the limit before, NaN when it could not be read
   * @param applied whether the GPU runs at {@code askedWatts} now
   * @param reason why not, empty when applied
   */
  public record Outcome(
      int gpu, double askedWatts, double previousWatts, boolean applied, String reason)
      implements Serializable {

    /** One line for the train stage's notes. */
    public String describe() {
      String asked = watts(askedWatts);
      return applied
          ? "GPU " + gpu + " power limit " + asked + " (was " + watts(previousWatts) + ")"
          : "GPU " + gpu + " power limit " + asked + " not applied: " + reason;
    }
  }

  private record Held(int holders, Outcome outcome) {}

  private final CommandRunner nvidiaSmi;
  private final Map<Integer, Held> held = new HashMap<>();

  public GpuPowerLimit(CommandRunner nvidiaSmi) {
    this.nvidiaSmi = nvidiaSmi;
  }

  /**
   * Sets {@code gpu}'s limit to {@code watts} for the calling task, unless another task of this JVM
   * holds it already; every acquire needs a {@link #release}.
   *
   * @throws UserError if {@code watts} is outside the range the GPU reports
   */
  public synchronized Outcome acquire(int gpu, double watts) {
    Held h = held.get(gpu);
    if (h != null) {
      held.put(gpu, new Held(h.holders() + 1, h.outcome()));
      return h.outcome();
    }
    Outcome outcome = set(gpu, watts);
    held.put(gpu, new Held(1, outcome));
    if (!outcome.applied()) {
      LOG.warn("Training on GPU {} at its own power limit: {}", gpu, outcome.describe());
    }
    return outcome;
  }

  /** Lets go of {@code gpu}; the last holder puts the limit back if it was changed. */
  public synchronized void release(int gpu) {
    Held h = held.get(gpu);
    if (h == null) {
      return;
    }
    if (h.holders() > 1) {
      held.put(gpu, new Held(h.holders() - 1, h.outcome()));
      return;
    }
    held.remove(gpu);
    Outcome o = h.outcome();
    if (o.applied() && o.previousWatts() != o.askedWatts()) {
      try {
        nvidiaSmi.run(
            List.of("nvidia-smi", "-i", String.valueOf(gpu), "-pl", number(o.previousWatts())));
      } catch (IOException e) {
        LOG.warn(
            "Cannot restore GPU {}'s power limit to {}: {}",
            gpu,
            watts(o.previousWatts()),
            e.getMessage());
      }
    }
  }

  private Outcome set(int gpu, double watts) {
    double[] limits;
    try {
      limits = limits(gpu);
    } catch (IOException | IllegalArgumentException e) {
      return new Outcome(gpu, watts, Double.NaN, false, e.getMessage());
    }
    double current = limits[0];
    if (watts < limits[1] || watts > limits[2]) {
      throw new UserError(
          "Invalid "
              + ConfigKeys.TRAIN_GPU_POWER_LIMIT_W
              + ": "
              + watts(watts)
              + " is outside GPU "
              + gpu
              + "'s range, "
              + watts(limits[1])
              + " to "
              + watts(limits[2])
              + " (nvidia-smi)");
    }
    if (current == watts) {
      return new Outcome(gpu, watts, current, true, "");
    }
    try {
      nvidiaSmi.run(List.of("nvidia-smi", "-i", String.valueOf(gpu), "-pl", number(watts)));
      return new Outcome(gpu, watts, current, true, "");
    } catch (IOException e) {
      return new Outcome(gpu, watts, current, false, e.getMessage());
    }
  }

  /** The GPU's limit, lowest and highest allowed limit, in W. */
  private double[] limits(int gpu) throws IOException {
    List<String> lines =
        nvidiaSmi.run(
            List.of(
                "nvidia-smi",
                "-i",
                String.valueOf(gpu),
                "--query-gpu=power.limit,power.min_limit,power.max_limit",
                "--format=csv,noheader,nounits"));
    String line = lines.isEmpty() ? "" : lines.get(0);
    String[] parts = line.split(",");
    if (parts.length != 3) {
      throw new IllegalArgumentException("nvidia-smi printed no power limits: " + line);
    }
    double[] limits = new double[3];
    for (int i = 0; i < 3; i++) {
      try {
        limits[i] = Double.parseDouble(parts[i].strip());
      } catch (NumberFormatException e) {
        // [N/A], [Not Supported]: a GPU without power management.
        throw new IllegalArgumentException(
            "GPU " + gpu + " has no settable power limit (nvidia-smi: " + line.strip() + ")");
      }
    }
    return limits;
  }

  private static String number(double watts) {
    return String.format(Locale.ROOT, "%.2f", watts);
  }

  private static String watts(double watts) {
    return Double.isNaN(watts) ? "unknown" : String.format(Locale.ROOT, "%.0f W", watts);
  }
}
