package org.greentrain.jobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines of the short runs the tuning tests make: the mlp on data-samples without augmented
 * copies, two local cores, a validation split, and the CPU-time model (no RAPL tree) so that the
 * energy is the same on every machine.
 */
final class SmallMlpRun {

  private SmallMlpRun() {}

  /**
   * {@code command --run-id runId} with the settings above, then {@code --conf} each of {@code
   * confs}.
   */
  static List<String> args(String command, Path warehouse, String runId, String... confs) {
    List<String> args =
        new ArrayList<>(
            List.of(
                command,
                "--run-id",
                runId,
                "--conf",
                "run.warehouse=" + warehouse,
                "--conf",
                "data.source=../data-samples",
                "--conf",
                "spark.master=local[2]",
                "--conf",
                "augment.copies=0",
                "--conf",
                "train.model=mlp",
                "--conf",
                "energy.powercap-root=" + warehouse.resolve("no-powercap"),
                "--conf",
                "energy.sample-interval-ms=250",
                "--conf",
                "train.validation-fraction=0.1"));
    for (String c : confs) {
      args.add("--conf");
      args.add(c);
    }
    return args;
  }
}
