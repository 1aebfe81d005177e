package org.greentrain.jobs;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.greentrain.config.ConfigLoader;
import org.greentrain.config.GreenTrainConfig;
import picocli.CommandLine.Option;

/** Options every pipeline command shares: the config, its overrides and the run id. */
public final class RunOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "HOCON file over the defaults, e.g. conf/local.conf")
  Path config;

  @Option(
      names = "--conf",
      paramLabel = "KEY=VALUE",
      description = "Override one config key, e.g. train.epochs=5 (repeatable)")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description = "Run to create or continue; default run.id, else nightly-<date>")
  String runId;

  /** The defaults, the --config file and the --conf overrides, validated. */
  public GreenTrainConfig load() {
    return ConfigLoader.load(config, overrides);
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
