package org.greentrain.train;

import org.apache.spark.Partitioner;

/** Sends integer key k to partition k, so shard k is exactly Spark partition k. */
final class ExactPartitioner extends Partitioner {

  private final int partitions;

  ExactPartitioner(int partitions) {
    this.partitions = partitions;
  }

  @Override
  public int numPartitions() {
    return partitions;
  }

  @Override
  public int getPartition(Object key) {
    int k = (Integer) key;
    if (k < 0 || k >= partitions) {
      throw new IllegalArgumentException(
          "Invalid shard " + k + ": expected 0.." + (partitions - 1));
    }
    return k;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExactPartitioner p && p.partitions == partitions;
  }

  @Override
  public int hashCode() {
    return partitions;
  }
}
