package org.greentrain.energy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Chooses the best meter a node offers. */
public final class NodeMeters {

  private NodeMeters() {}

  /**
   * The meter for this node: {@link RaplMeter} where its counters are readable, else {@link
   * CpuModelMeter} for {@code profile}; plus {@link NvidiaSmiMeter} when {@code nvidia-smi} lists
   * GPUs, merged into one meter whose method joins the parts' with {@code +} (as {@code
   * rapl+nvidia-smi}) and which is estimated if any part is.
   *
   * @param warn told, once each, why a counter that exists cannot be used
   * @throws java.io.UncheckedIOException if the CPU model is needed and {@code /proc} cannot be
   *     read, as off Linux
   */
  public static NodeMeter detect(
      Path powercapRoot, PowerProfile profile, CommandRunner gpuRunner, Consumer<String> warn) {
    Objects.requireNonNull(profile, "profile");
    return detect(powercapRoot, gpuRunner, warn, () -> CpuModelMeter.create(profile));
  }

  static NodeMeter detect(
      Path powercapRoot,
      CommandRunner gpuRunner,
      Consumer<String> warn,
      Supplier<NodeMeter> cpuModel) {
    NodeMeter cpu = RaplMeter.open(powercapRoot, warn).<NodeMeter>map(m -> m).orElseGet(cpuModel);
    Optional<NvidiaSmiMeter> gpu = NvidiaSmiMeter.open(gpuRunner, warn);
    return gpu.<NodeMeter>map(g -> new CompositeMeter(List.of(cpu, g))).orElse(cpu);
  }

  /** Meters of disjoint components read one after the other as one. */
  static final class CompositeMeter implements NodeMeter {

    private final List<NodeMeter> parts;

    CompositeMeter(List<NodeMeter> parts) {
      this.parts = List.copyOf(parts);
    }

    /**
     * @throws IllegalStateException if two parts report the same component
     */
    @Override
    public MeterReading read() {
      Map<String, Double> joules = new TreeMap<>();
      long latest = 0;
      for (NodeMeter part : parts) {
        MeterReading reading = part.read();
        // The last part's time: the reading is complete only once every part has been sampled.
        latest = reading.monotonicNanos();
        reading
            .joulesByComponent()
            .forEach(
                (component, value) -> {
                  if (joules.putIfAbsent(component, value) != null) {
                    throw new IllegalStateException(
                        "Cannot merge meter readings: component "
                            + component
                            + " reported by more than one of "
                            + method());
                  }
                });
      }
      return new MeterReading(latest, joules);
    }

    @Override
    public String method() {
      return parts.stream().map(NodeMeter::method).collect(Collectors.joining("+"));
    }

    @Override
    public boolean isEstimated() {
      return parts.stream().anyMatch(NodeMeter::isEstimated);
    }

    /** Closes every part, even if one fails; later failures are added as suppressed. */
    @Override
    public void close() {
      RuntimeException failure = null;
      for (NodeMeter part : parts) {
        try {
          part.close();
        } catch (RuntimeException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }
}
