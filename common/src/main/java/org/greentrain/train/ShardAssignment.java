package org.greentrain.train;

import java.io.Serializable;
import org.greentrain.config.ConfigKeys;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.data.spark.AugmentedTable;
import org.greentrain.error.UserError;

/**
 * Which training shard an augmented sample belongs to. The augment stage stores each sample's shard
 * among {@code augment.shards}; training with that many shards keeps it, so a run trains on exactly
 * the shards it wrote. Training with another count ({@code train.shards}) deals the samples again
 * with the augment stage's own seeded rule, so the data needs no second augmentation and each
 * sample still lands in one shard, the same one at every run.
 *
 * @param stored the shard count of the augmented table ({@code augment.shards})
 * @param shards the shard count to train with
 * @param seed the run's seed, the one the augment stage dealt the stored shards with
 */
public record ShardAssignment(int stored, int shards, long seed) implements Serializable {

  public ShardAssignment {
    if (stored < 1 || shards < 1) {
      throw new IllegalArgumentException(
          "Shard counts must be positive: stored " + stored + ", training " + shards);
    }
  }

  /** The stored shards as they are. */
  public static ShardAssignment stored(int shards, long seed) {
    return new ShardAssignment(shards, shards, seed);
  }

  /** {@code train.shards} of the config, or its {@code augment.shards} where that is 0. */
  public static ShardAssignment of(GreenTrainConfig config) {
    return new ShardAssignment(
        config.augment().shards(), config.trainingShards(), config.run().seed());
  }

  /** The training shard of a sample stored in {@code storedShard}. */
  public int shardOf(int storedShard, long recordId, int copy) {
    return shards == stored ? storedShard : AugmentedTable.shardOf(seed, copy, recordId, shards);
  }

  /** The error for a training shard left with no sample: too many shards for the data. */
  UserError emptyShard(int shard, String augmentedPath) {
    return new UserError(
        "Cannot train: shard "
            + shard
            + " of "
            + augmentedPath
            + " is empty ("
            + shards
            + " shards); use fewer "
            + (shards == stored
                ? ConfigKeys.AUGMENT_SHARDS
                : ConfigKeys.TRAIN_SHARDS + " (or 0 for " + ConfigKeys.AUGMENT_SHARDS + ")"));
  }
}
