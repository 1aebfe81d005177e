package org.greentrain.data.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.greentrain.config.DataConfig;
import org.greentrain.data.ChannelStats;
import org.greentrain.data.RecordKeys;
import org.greentrain.data.SourceData;
import org.greentrain.data.SplitSummary;

/**
 * One split read, validated and kept in Spark tasks (cached on the executors, recomputed from its
 * files if an executor is lost): the driver holds the file lists, the {@link SplitSummary} (counts,
 * rejects, conversions) and, when asked, the records' {@link RecordKeys} for the data lever, never
 * the pixels. So the augment stage's input can outgrow the driver. Close it to free the cache.
 */
public final class DistributedSplit implements AutoCloseable {

  private final JavaRDD<SourceData> parts;
  private final SplitSummary summary;
  private final RecordKeys keys;

  private DistributedSplit(JavaRDD<SourceData> parts, SplitSummary summary, RecordKeys keys) {
    this.parts = parts;
    this.summary = summary;
    this.keys = keys;
  }

  /** What one task reports of its part: counts and rejects, and the keys when asked. */
  private record PartInfo(SplitSummary summary, RecordKeys keys) implements Serializable {}

  /**
   * Reads one split in tasks, one per unit of {@link SourceReader#units}; {@code withKeys} also
   * brings the records' keys to the driver (33 bytes per record).
   */
  public static DistributedSplit read(
      SparkSession spark, DataConfig data, String split, boolean withKeys) {
    SourceReader.Units units =
        SourceReader.units(
            spark.sparkContext().hadoopConfiguration(),
            data,
            split,
            SourceReader.FILES_PER_TASK,
            spark.sparkContext().defaultParallelism());
    JavaRDD<SourceData> parts =
        SourceReader.parts(spark, units).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<PartInfo> infos =
          units.units().isEmpty()
              ? List.of()
              : parts
                  .map(p -> new PartInfo(p.summary(), withKeys ? RecordKeys.of(p) : null))
                  .collect();
      SplitSummary summary = SplitSummary.empty(units.source(), split);
      for (PartInfo info : infos) {
        summary = summary.plus(info.summary());
      }
      RecordKeys keys =
          withKeys ? RecordKeys.concat(infos.stream().map(PartInfo::keys).toList()) : null;
      return new DistributedSplit(parts, summary, keys);
    } catch (RuntimeException e) {
      parts.unpersist(false);
      throw e;
    }
  }

  public SplitSummary summary() {
    return summary;
  }

  /** The records' keys; only when read {@code withKeys}. */
  public RecordKeys keys() {
    if (keys == null) {
      throw new IllegalStateException("The split was read without its record keys");
    }
    return keys;
  }

  /**
   * The parts with only the records of {@code keptRecordIds} (ascending), or all when it is null;
   * partition {@code i} holds what is left of part {@code i}. Lazy: nothing runs until an action.
   */
  public JavaRDD<SourceData> parts(long[] keptRecordIds) {
    if (keptRecordIds == null) {
      return parts;
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(parts.context());
    Broadcast<long[]> kept = jsc.broadcast(keptRecordIds);
    return parts.map(p -> keep(p, kept.value()));
  }

  /** The pixel sums of every channel over the kept records, summed in the tasks. */
  public ChannelStats channelStats(long[] keptRecordIds, int channels) {
    return parts(keptRecordIds)
        .map(p -> ChannelStats.of(p.images()))
        .fold(ChannelStats.empty(channels), ChannelStats::plus);
  }

  /** The images of {@code part} whose record ids are in {@code kept} (ascending). */
  static SourceData keep(SourceData part, long[] kept) {
    long[] ids = part.recordIds();
    int[] at = new int[ids.length];
    int n = 0;
    for (int i = 0; i < ids.length; i++) {
      if (Arrays.binarySearch(kept, ids[i]) >= 0) {
        at[n++] = i;
      }
    }
    return n == ids.length ? part : part.select(Arrays.copyOf(at, n));
  }

  @Override
  public void close() {
    parts.unpersist(false);
  }
}
