package org.greentrain.jobs;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.greentrain.config.ConfigLoader;
import org.greentrain.config.GreenTrainConfig;
import picocli.CommandLine.Option;

/** The config options every command that reads the config shares: a file and overrides. */
public final class ConfigOptions {
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

  /** The defaults, the --config file and the --conf overrides, validated. */
  public GreenTrainConfig load() {
    return ConfigLoader.load(config, overrides);
  }
}
