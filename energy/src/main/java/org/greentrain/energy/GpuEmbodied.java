package org.greentrain.energy;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The embodied factor of the GPUs a task held, from {@code conf/gpu-embodied-emissions.csv}: each
 * GPU's row found by its name, the default row where none matches (docs/energy-model.md, "GPUs").
 *
 * @param gramsPerGpuHour manufacturing g CO2e per GPU hour; where the GPUs held differ, the mean of
 *     their rows' rates, so that {@code gpu_hours × gramsPerGpuHour} charges each its own
 * @param source where the figures come from, the distinct rows' sources joined by {@code "; "}
 * @param isDefault whether any GPU held matched no row and got the table's default
 */
public record GpuEmbodied(double gramsPerGpuHour, String source, boolean isDefault)
    implements Serializable {

  /** The factor of a task that held no GPU. */
  public static final GpuEmbodied NONE = new GpuEmbodied(0, "", false);

  public GpuEmbodied {
    if (!(gramsPerGpuHour >= 0) || !Double.isFinite(gramsPerGpuHour)) {
      throw new IllegalArgumentException("Invalid GPU embodied g per hour: " + gramsPerGpuHour);
    }
    Objects.requireNonNull(source, "source");
  }

  /** The factor of GPUs by their names, {@link #NONE} for none. */
  public static GpuEmbodied of(List<String> names, EmbodiedEmissionsTable gpuTable) {
    if (names.isEmpty()) {
      return NONE;
    }
    List<EmbodiedEmission> rows = names.stream().map(gpuTable::forHardware).toList();
    return new GpuEmbodied(
        rows.stream().mapToDouble(EmbodiedEmission::gramsPerHour).average().orElseThrow(),
        String.join("; ", rows.stream().map(EmbodiedEmission::source).distinct().toList()),
        rows.stream().anyMatch(EmbodiedEmission::isDefault));
  }

  /** Grams CO2e of manufacturing for {@code gpuHours}. */
  public double grams(double gpuHours) {
    return gpuHours * gramsPerGpuHour;
  }
}
