package org.greentrain.energy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The names of a node's NVIDIA GPUs by index, as {@code nvidia-smi --query-gpu=index,name
 * --format=csv,noheader} lists them ({@code 0, NVIDIA A100-SXM4-80GB}): a task's GPU hours are
 * charged by the embodied row its GPUs' names match. Read once per executor; immutable.
 */
public final class GpuNames {

  static final List<String> QUERY =
      List.of("nvidia-smi", "--query-gpu=index,name", "--format=csv,noheader");

  /** A node without {@code nvidia-smi}: its GPUs, if any, are not charged. */
  public static final GpuNames NONE = new GpuNames(Map.of());

  private final Map<String, String> byIndex;

  private GpuNames(Map<String, String> byIndex) {
    this.byIndex = Map.copyOf(byIndex);
  }

  /**
   * Runs {@code nvidia-smi} once. Never throws.
   *
   * @param warn told when {@code nvidia-smi} exists but fails or prints what we cannot parse
   * @return {@link #NONE}, without a warning, when {@code nvidia-smi} is not installed
   */
  public static GpuNames query(CommandRunner runner, Consumer<String> warn) {
    try {
      return parse(runner.run(QUERY));
    } catch (CommandRunner.CommandFailedException | IllegalArgumentException e) {
      warn.accept(
          "Cannot name the GPUs with nvidia-smi, so their hours are not charged: "
              + e.getMessage());
      return NONE;
    } catch (IOException e) {
      // Not installed: a node without NVIDIA GPUs, nothing worth a warning.
      return NONE;
    }
  }

  /**
   * The names in {@code nvidia-smi}'s lines, {@code <index>, <name>}.
   *
   * @throws IllegalArgumentException naming a line without both
   */
  static GpuNames parse(List<String> lines) {
    Map<String, String> names = new LinkedHashMap<>();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      int comma = line.indexOf(',');
      String index = comma < 0 ? "" : line.substring(0, comma).strip();
      String name = comma < 0 ? "" : line.substring(comma + 1).strip();
      if (index.isEmpty() || name.isEmpty()) {
        throw new IllegalArgumentException("Invalid nvidia-smi line, expected index,name: " + line);
      }
      names.put(index, name);
    }
    return new GpuNames(names);
  }

  /**
   * The names of the GPUs at Spark's resource addresses, one per address: empty where {@code
   * nvidia-smi} listed no GPU, as no GPU hour is charged then; an address it does not list (not an
   * index) is named {@code ""}, which no GPU row but the default matches.
   */
  public List<String> of(Collection<String> addresses) {
    if (byIndex.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(addresses.size());
    for (String address : addresses) {
      out.add(byIndex.getOrDefault(address.strip(), ""));
    }
    return List.copyOf(out);
  }
}
