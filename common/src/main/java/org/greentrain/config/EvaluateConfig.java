package org.greentrain.config;

import java.io.Serializable;

/** Distributed evaluation settings. */
public record EvaluateConfig(int batchSize) implements Serializable {

  public EvaluateConfig {
    Checks.atLeast(ConfigKeys.EVALUATE_BATCH_SIZE, batchSize, 1);
  }
}
