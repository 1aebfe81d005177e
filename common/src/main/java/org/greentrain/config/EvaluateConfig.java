package org.greentrain.config;

import java.io.Serializable;

/** Distributed evaluation settings. */
public record EvaluateConfig(int batchSize) implements Serializable {

  public EvaluateConfig {
    Checks.atLeast("evaluate.batch-size", batchSize, 1);
  }
}
