package org.greentrain.config;

import java.io.Serializable;

/** Which compression to apply to the trained model. */
public record CompressConfig(String method)
    implements Serializable {

  public CompressConfig {
    if (!"int8-per-channel".equals(method) && !"int8-per-tensor".equals(method)) {
      throw new IllegalArgumentException(
          "Invalid compress.method: " + method + " (int8-per-channel or int8-per-tensor)");
    }
  }
}
