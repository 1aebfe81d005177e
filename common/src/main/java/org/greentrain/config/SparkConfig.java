package org.greentrain.config;

import java.io.Serializable;
import java.util.Map;
import org.greentrain.error.UserError;

/** The Spark master used when none is given by spark-submit, and extra Spark settings. */
public record SparkConfig(String master, Map<String, String> settings) implements Serializable {

  public SparkConfig {
    if (master == null || master.isBlank()) {
      throw new UserError("Invalid " + ConfigKeys.SPARK_MASTER + ": it is empty");
    }
    settings = Map.copyOf(settings);
  }
}
