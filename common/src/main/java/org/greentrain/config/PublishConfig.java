package org.greentrain.config;

import java.io.Serializable;

/** Model registry settings. */
public record PublishConfig(String modelName)
    implements Serializable {

  public PublishConfig {
    if (modelName == null || !modelName.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "Invalid publish.model-name: " + modelName + " (letters, digits, '.', '_' and '-')");
    }
  }
}
