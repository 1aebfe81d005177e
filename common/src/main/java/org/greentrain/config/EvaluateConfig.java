package org.greentrain.config;

import java.io.Serializable;

/**
 * Distributed evaluation settings.
 *
 * @param batchSize images per inference batch
 * @param repeats times every model is scored, interleaved; its row keeps the repetition of median
 *     energy
 */
public record EvaluateConfig(int batchSize, int repeats) implements Serializable {

  public EvaluateConfig {
    Checks.atLeast(ConfigKeys.EVALUATE_BATCH_SIZE, batchSize, 1);
    Checks.atLeast(ConfigKeys.EVALUATE_REPEATS, repeats, 1);
  }
}
