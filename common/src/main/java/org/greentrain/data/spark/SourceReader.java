package org.greentrain.data.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.greentrain.config.DataConfig;
import org.greentrain.data.SourceData;

/**
 * Reads one split of a data source with the decoding in Spark tasks: the driver lists the units of
 * work (slices of image files, runs of row groups of Parquet files, CIFAR files, each with the
 * record id of its first record, ranges of IDX records: it reads names, lengths, footers and
 * headers only), and each task reads and decodes one unit. {@link #parts} leaves the parts in the
 * tasks; {@link #readUnchecked} joins them on the driver, the same split {@link
 * DataSources#readUnchecked} reads on one thread.
 */
public final class SourceReader {

  /** Image files per task: enough work to outweigh a task's start, small enough to spread. */
  static final int FILES_PER_TASK = 2_000;

  private SourceReader() {}

  /** One part of a split that one task reads on its own. */
  interface Unit extends Serializable {
    SourceData read(Configuration hadoop);
  }

  /**
   * The units of one split, in record-id order.
   *
   * @param source the directory the split is read from, for messages
   * @param data the config with its channels resolved
   */
  record Units(String source, String split, DataConfig data, List<Unit> units) {}

  /**
   * Reads and validates one split on the driver; the caller applies {@link
   * SourceData#checkRejects}.
   */
  public static SourceData readUnchecked(SparkSession spark, DataConfig data, String split) {
    return readUnchecked(spark, data, split, FILES_PER_TASK);
  }

  static SourceData readUnchecked(
      SparkSession spark, DataConfig data, String split, int filesPerTask) {
    Units units =
        units(
            spark.sparkContext().hadoopConfiguration(),
            data,
            split,
            filesPerTask,
            spark.sparkContext().defaultParallelism());
    List<SourceData> parts = units.units().isEmpty() ? List.of() : parts(spark, units).collect();
    DataConfig d = units.data();
    return SourceData.concat(units.source(), split, d.channels(), d.rows(), d.cols(), parts);
  }

  /**
   * The units of one split: image files in slices of {@code filesPerTask}, Parquet files in runs of
   * row groups of up to 128 MB, CIFAR files one each, IDX records in ranges for about {@code 2 x
   * parallelism} tasks of at least a thousand records.
   */
  static Units units(
      Configuration hadoop, DataConfig data, String split, int filesPerTask, int parallelism) {
    DataConfig resolved = data.withChannels(DataSources.channels(hadoop, data));
    String format = DataSources.format(hadoop, data);
    return switch (format) {
      case DataConfig.IMAGE_FOLDER -> {
        ImageFolderSource.Slice all = ImageFolderSource.list(hadoop, resolved, split);
        List<Unit> units =
            all.slices(filesPerTask).stream()
                .<Unit>map(s -> conf -> ImageFolderSource.decode(conf, resolved, s))
                .toList();
        yield new Units(all.dir(), split, resolved, units);
      }
      case DataConfig.PARQUET -> {
        String dir =
            SourceFiles.splitDir(hadoop, data, split, ParquetImageSource.LAYOUT).toString();
        List<Unit> units =
            ParquetImageSource.list(hadoop, resolved, split).stream()
                .<Unit>map(f -> conf -> ParquetImageSource.decode(conf, resolved, f))
                .toList();
        yield new Units(dir, split, resolved, units);
      }
      case DataConfig.CIFAR10, DataConfig.CIFAR100 -> {
        List<Unit> units =
            CifarSource.list(hadoop, resolved, format, split).stream()
                .<Unit>map(f -> conf -> CifarSource.decode(conf, resolved, f))
                .toList();
        yield new Units(CifarSource.dir(hadoop, resolved).toString(), split, resolved, units);
      }
      case DataConfig.IDX -> {
        List<IdxSource.Range> ranges =
            IdxSource.ranges(
                hadoop,
                resolved,
                split,
                records -> AugmentedTable.defaultPartitions(records, Math.max(1, parallelism)));
        List<Unit> units =
            ranges.stream().<Unit>map(r -> conf -> IdxSource.decode(conf, resolved, r)).toList();
        yield new Units(data.source(), split, resolved, units);
      }
      default -> throw new IllegalStateException("Unhandled data.format " + data.format());
    };
  }

  /**
   * One task per unit, each reading its unit into one part; partition {@code i} holds the part of
   * unit {@code i}. Nothing is read until an action runs.
   */
  static JavaRDD<SourceData> parts(SparkSession spark, Units units) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // The driver's Hadoop settings (credentials, file systems) for the executors; small, and
    // cleaned up with the RDD's lineage by Spark's context cleaner.
    Broadcast<SerializableConfiguration> conf =
        jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
    return jsc.parallelize(units.units(), Math.max(1, units.units().size()))
        .map(unit -> unit.read(conf.value().value()));
  }
}
