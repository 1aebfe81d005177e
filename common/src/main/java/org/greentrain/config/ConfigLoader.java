package org.greentrain.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import org.greentrain.error.UserError;

/**
 * Builds the run's configuration from three layers, each overriding the one before: the bundled
 * defaults ({@code conf/application.conf}), an optional file, and {@code key=value} overrides from
 * the command line. Keys that the defaults do not know are rejected, so a typo never silently falls
 * back to a default.
 */
public final class ConfigLoader {

  static final String DEFAULTS_RESOURCE = "greentrain/application.conf";

  private ConfigLoader() {}

  /** The bundled defaults alone. */
  public static Config defaults() {
    return ConfigFactory.parseResources(
        ConfigLoader.class.getClassLoader(),
        DEFAULTS_RESOURCE,
        ConfigParseOptions.defaults().setAllowMissing(false));
  }

  /**
   * Loads and validates the configuration.
   *
   * @param file a HOCON file, or null for none
   * @param overrides {@code key -> value}; a value that starts with '[' or '{' is parsed as HOCON,
   *     anything else is taken as a string and converted by the typed accessors
   */
  public static GreenTrainConfig load(Path file, Map<String, String> overrides) {
    Config defaults = defaults();
    Config merged = defaults;
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new UserError("Cannot read config file " + file + ": not found");
      }
      Config fromFile;
      try {
        fromFile = ConfigFactory.parseFile(file.toFile());
      } catch (ConfigException e) {
        throw new UserError("Invalid config file " + file + ": " + e.getMessage(), e);
      }
      rejectUnknownKeys(fromFile, defaults, "config file " + file);
      merged = fromFile.withFallback(merged);
    }
    Config cli = ConfigFactory.empty();
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      cli = cli.withValue(e.getKey(), parseValue(e.getKey(), e.getValue()));
    }
    rejectUnknownKeys(cli, defaults, "--conf");
    merged = cli.withFallback(merged).resolve();
    try {
      return GreenTrainConfig.from(merged);
    } catch (ConfigException e) {
      throw new UserError("Invalid configuration: " + e.getMessage(), e);
    }
  }

  private static ConfigValue parseValue(String key, String value) {
    String trimmed = value.trim();
    if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
      try {
        return ConfigFactory.parseString("v = " + trimmed).getValue("v");
      } catch (ConfigException e) {
        throw new UserError(
            "Invalid value for " + key + ": " + value + " (" + e.getMessage() + ")", e);
      }
    }
    return ConfigValueFactory.fromAnyRef(value, "--conf " + key);
  }

  private static void rejectUnknownKeys(Config given, Config defaults, String where) {
    TreeSet<String> unknown = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : given.entrySet()) {
      String key = e.getKey();
      // spark.conf holds free-form Spark settings.
      if (key.startsWith(ConfigKeys.SPARK_CONF + ".")) {
        continue;
      }
      if (!defaults.hasPathOrNull(key)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new UserError(
          "Unknown config key in "
              + where
              + ": "
              + String.join(", ", unknown)
              + " (see conf/application.conf for the known keys)");
    }
  }
}
