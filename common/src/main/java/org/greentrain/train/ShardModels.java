package org.greentrain.train;

import org.greentrain.model.ModelSpec;

/**
 * The shard models this JVM (an executor, or the driver in local mode) keeps between rounds, keyed
 * by training and partition. A partition that lands on another executor finds no model there and
 * that executor builds one. Each training evicts its own models when it ends, and a shutdown hook
 * frees whatever is left when the JVM exits.
 */
final class ShardModels {

  /**
   * What a kept model was built for. {@code training} is unique per training (a random id), so one
   * training never picks up another's model; model and device must match exactly.
   */
  record Key(String training, int partition, ModelSpec spec, String device) {}

  /** Enough for several concurrent tasks per executor; more are built and freed per round. */
  static final ResidentCache<Key, ShardModel> CACHE = new ResidentCache<>(16);

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ShardModels::freeAll, "greentrain-shard-models-free"));
  }

  private ShardModels() {}

  private static void freeAll() {
    try {
      CACHE.evict(k -> true);
    } catch (RuntimeException ignored) {
      // The JVM is exiting and its native memory goes with it; a failed free changes nothing.
    }
  }
}
