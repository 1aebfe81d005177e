package org.greentrain.train;

import java.util.Locale;
import org.greentrain.config.ConfigKeys;
import org.greentrain.error.UserError;

/**
 * The local optimizer each shard runs.
 *
 * <p>{@link #SGD}: heavy-ball momentum whose buffer starts at zero every round, plus L2 weight
 * decay added to the gradient. {@link #ADAM}: Adam with decoupled weight decay (AdamW); its first
 * and second moments are part of the training state. Every shard starts a round from the same
 * moments, returns its own, and the driver averages them by samples exactly like the weights, so
 * the moments are broadcast, checkpointed and restored with the weights and a retried or moved task
 * needs nothing that lives only on one executor.
 */
public enum Optimizer {
  SGD,
  ADAM;

  /** Parses the config value {@code sgd} or {@code adam}. */
  public static Optimizer parse(String value) {
    for (Optimizer o : values()) {
      if (o.name().toLowerCase(Locale.ROOT).equals(value)) {
        return o;
      }
    }
    throw new UserError("Invalid " + ConfigKeys.TRAIN_OPTIMIZER + ": " + value + " (sgd or adam)");
  }

  /** Whether the optimizer carries state (moments) from one round to the next. */
  public boolean hasState() {
    return this == ADAM;
  }
}
