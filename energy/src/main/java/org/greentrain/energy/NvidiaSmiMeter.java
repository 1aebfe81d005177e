package org.greentrain.energy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Reads the energy of each NVIDIA GPU of the node with {@code nvidia-smi}, as components {@code
 * gpu:<index>}.
 *
 * <p>Where the GPU has one (Volta and newer), {@code total_energy_consumption} is used: NVML's
 * energy counter, in millijoules since the driver was loaded. A drop of the counter is taken as a
 * driver reload, and the new value as the energy since. Where it reads {@code [N/A]} or {@code [Not
 * Supported]}, or where this {@code nvidia-smi} rejects the field altogether (then only {@code
 * index,power.draw} is queried), the meter integrates {@code power.draw} (watts) over the time
 * between reads with the trapezoid rule; the first read of such a GPU starts at 0 J. Power draw on
 * recent GPUs is itself an average over up to a second, so integrated values are estimates: {@link
 * #isEstimated()} says so when any GPU was integrated at opening.
 *
 * <p>Every read runs {@code nvidia-smi} once, which takes tens of milliseconds. Not thread-safe,
 * see {@link NodeMeter}.
 */
public final class NvidiaSmiMeter implements NodeMeter {

  /** The {@link #method()} of this meter. */
  public static final String METHOD = "nvidia-smi";

  static final List<String> ENERGY_QUERY =
      List.of(
          "nvidia-smi",
          "--query-gpu=index,total_energy_consumption,power.draw",
          "--format=csv,noheader,nounits");
  static final List<String> POWER_QUERY =
      List.of("nvidia-smi", "--query-gpu=index,power.draw", "--format=csv,noheader,nounits");

  /** The running state of one GPU. */
  private static final class Gpu {
    double totalJoules;
    double lastCounterMillijoules = Double.NaN;
    double lastWatts = Double.NaN;
    long lastNanos;
  }

  /** One parsed line: a GPU, its energy counter or NaN, its power draw or NaN. */
  private record Sample(int index, double millijoules, double watts) {}

  private final CommandRunner runner;
  private final List<String> query;
  private final LongSupplier nanoTime;
  private final Map<Integer, Gpu> gpus = new HashMap<>();
  private boolean estimated;

  private NvidiaSmiMeter(CommandRunner runner, List<String> query, LongSupplier nanoTime) {
    this.runner = runner;
    this.query = query;
    this.nanoTime = nanoTime;
  }

  /**
   * Opens a meter if {@code nvidia-smi} lists at least one GPU. Never throws.
   *
   * @param warn told once when {@code nvidia-smi} exists but fails or prints what we cannot parse
   * @return empty, without a warning, when {@code nvidia-smi} is not installed or lists no GPU
   */
  public static Optional<NvidiaSmiMeter> open(CommandRunner runner, Consumer<String> warn) {
    return open(runner, warn, System::nanoTime);
  }

  static Optional<NvidiaSmiMeter> open(
      CommandRunner runner, Consumer<String> warn, LongSupplier nanoTime) {
    Objects.requireNonNull(runner, "runner");
    Objects.requireNonNull(warn, "warn");
    List<String> query = ENERGY_QUERY;
    List<String> lines;
    try {
      try {
        lines = runner.run(query);
      } catch (CommandRunner.CommandFailedException e) {
        // Some nvidia-smi versions reject total_energy_consumption as "not a valid field to
        // query"; power alone still meters the GPUs. Any other failure fails this query too.
        query = POWER_QUERY;
        lines = runner.run(query);
      }
    } catch (CommandRunner.CommandFailedException e) {
      warn.accept("Cannot meter GPU energy with nvidia-smi: " + e.getMessage());
      return Optional.empty();
    } catch (IOException e) {
      // Not installed: a node without NVIDIA GPUs, nothing worth a warning.
      return Optional.empty();
    }
    if (lines.stream().allMatch(String::isBlank)) {
      return Optional.empty();
    }
    NvidiaSmiMeter meter = new NvidiaSmiMeter(runner, query, nanoTime);
    try {
      List<Sample> samples = parse(lines, query == POWER_QUERY);
      meter.update(samples, nanoTime.getAsLong());
    } catch (IllegalArgumentException e) {
      warn.accept("Cannot meter GPU energy with nvidia-smi: " + e.getMessage());
      return Optional.empty();
    }
    return Optional.of(meter);
  }

  /**
   * Runs {@code nvidia-smi} and reads every GPU it lists.
   *
   * @throws UncheckedIOException if {@code nvidia-smi} cannot be run or fails
   * @throws IllegalArgumentException if a line cannot be parsed, naming the line
   */
  @Override
  public MeterReading read() {
    List<String> lines;
    try {
      lines = runner.run(query);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Failed to read GPU energy with " + String.join(" ", query), e);
    }
    long now = nanoTime.getAsLong();
    update(parse(lines, query == POWER_QUERY), now);
    Map<String, Double> joules = new TreeMap<>();
    gpus.forEach((index, gpu) -> joules.put(MeterReading.gpu(index), gpu.totalJoules));
    return new MeterReading(now, joules);
  }

  private void update(List<Sample> samples, long now) {
    estimated = samples.stream().anyMatch(s -> Double.isNaN(s.millijoules()));
    for (Sample sample : samples) {
      Gpu gpu = gpus.computeIfAbsent(sample.index(), i -> new Gpu());
      if (!Double.isNaN(sample.millijoules())) {
        if (!Double.isNaN(gpu.lastCounterMillijoules)) {
          double delta =
              sample.millijoules() >= gpu.lastCounterMillijoules
                  ? sample.millijoules() - gpu.lastCounterMillijoules
                  : sample.millijoules();
          gpu.totalJoules += delta / 1e3;
        }
      } else if (!Double.isNaN(gpu.lastWatts)) {
        double seconds = (now - gpu.lastNanos) / 1e9;
        gpu.totalJoules += (gpu.lastWatts + sample.watts()) / 2 * seconds;
      }
      gpu.lastCounterMillijoules = sample.millijoules();
      gpu.lastWatts = sample.watts();
      gpu.lastNanos = now;
    }
  }

  private static List<Sample> parse(List<String> lines, boolean powerOnly) {
    return lines.stream()
        .filter(line -> !line.isBlank())
        .map(line -> parse(line, powerOnly))
        .toList();
  }

  private static Sample parse(String line, boolean powerOnly) {
    String[] fields = line.split(",", -1);
    if (fields.length != (powerOnly ? 2 : 3)) {
      throw new IllegalArgumentException(
          "Invalid nvidia-smi line, expected "
              + (powerOnly ? "index,power.draw" : "index,total_energy_consumption,power.draw")
              + ": "
              + line);
    }
    int index;
    try {
      index = Integer.parseInt(fields[0].strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid nvidia-smi line, bad GPU index: " + line);
    }
    double millijoules = powerOnly ? Double.NaN : number(fields[1], line);
    double watts = number(fields[fields.length - 1], line);
    if (Double.isNaN(millijoules) && Double.isNaN(watts)) {
      throw new IllegalArgumentException(
          "Invalid nvidia-smi line, neither energy nor power for GPU " + index + ": " + line);
    }
    return new Sample(index, millijoules, watts);
  }

  /** A number, or NaN for the bracketed words nvidia-smi prints instead ([N/A], [Unknown]...). */
  private static double number(String field, String line) {
    String text = field.strip();
    if (text.startsWith("[") && text.endsWith("]")) {
      return Double.NaN;
    }
    try {
      double value = Double.parseDouble(text);
      if (value >= 0 && Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below with the whole line.
    }
    throw new IllegalArgumentException("Invalid nvidia-smi line, bad number " + text + ": " + line);
  }

  @Override
  public String method() {
    return METHOD;
  }

  /**
   * Whether the latest reading integrated power for any GPU (its counter printed no value), so the
   * energy since the reading before is estimated. Changes from read to read: a GPU whose counter
   * stops answering makes the windows it is integrated in estimated, and only those.
   */
  @Override
  public boolean isEstimated() {
    return estimated;
  }
}
