package org.greentrain.jobs;

import org.greentrain.config.GreenTrainConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every pipeline command shares: the config, its overrides and the run id. */
public final class RunOptions {
  @Mixin ConfigOptions config;

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description = "Run to create or continue; default run.id, else nightly-<date>")
  String runId;

  /** The defaults, the --config file and the --conf overrides, validated. */
  public GreenTrainConfig load() {
    return config.load();
  }

  /** The --run-id given, or null. */
  public String runId() {
    return runId;
  }

  /** Sets the run to work on, as an option such as {@code train --resume RUN_ID} does. */
  public void runId(String id) {
    this.runId = id;
  }
}
