package org.greentrain.data.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.greentrain.config.DataConfig;
import org.greentrain.data.SourceData;

/**
 * Reads one split of a data source with the decoding in Spark tasks: the driver lists the files
 * (and, for Parquet, reads the footers' row counts to number the records), the executors read and
 * decode them, and the driver joins the parts in record-id order. The result is the same as {@link
 * DataSources#readUnchecked}'s on one thread. IDX needs no decoding and is read on the driver.
 */
public final class SourceReader {

  /** Image files per task: enough work to outweigh a task's start, small enough to spread. */
  static final int FILES_PER_TASK = 2_000;

  private SourceReader() {}

  /** Reads and validates one split; the caller applies {@link SourceData#checkRejects}. */
  public static SourceData readUnchecked(SparkSession spark, DataConfig data, String split) {
    return readUnchecked(spark, data, split, FILES_PER_TASK);
  }

  static SourceData readUnchecked(
      SparkSession spark, DataConfig data, String split, int filesPerTask) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    DataConfig resolved = data.withChannels(DataSources.channels(hadoop, data));
    return switch (DataSources.format(hadoop, data)) {
      case DataConfig.IMAGE_FOLDER -> {
        ImageFolderSource.Slice all = ImageFolderSource.list(hadoop, resolved, split);
        List<SourceData> parts =
            inTasks(
                jsc,
                hadoop,
                all.slices(filesPerTask),
                (conf, slice) -> ImageFolderSource.decode(conf, resolved, slice));
        yield concat(all.dir(), split, resolved, parts);
      }
      case DataConfig.PARQUET -> {
        String dir =
            SourceFiles.splitDir(hadoop, data, split, ParquetImageSource.LAYOUT).toString();
        List<SourceData> parts =
            inTasks(
                jsc,
                hadoop,
                ParquetImageSource.list(hadoop, resolved, split),
                (conf, file) -> ParquetImageSource.decode(conf, resolved, file));
        yield concat(dir, split, resolved, parts);
      }
      case DataConfig.CIFAR10, DataConfig.CIFAR100 -> {
        String format = DataSources.format(hadoop, data);
        List<SourceData> parts =
            inTasks(
                jsc,
                hadoop,
                CifarSource.list(hadoop, resolved, format, split),
                (conf, file) -> CifarSource.decode(conf, resolved, file));
        yield concat(CifarSource.dir(hadoop, resolved).toString(), split, resolved, parts);
      }
      default -> DataSources.readUnchecked(hadoop, resolved, split);
    };
  }

  private static SourceData concat(
      String dir, String split, DataConfig resolved, List<SourceData> parts) {
    return SourceData.concat(
        dir, split, resolved.channels(), resolved.rows(), resolved.cols(), parts);
  }

  /** How one task reads its unit of work. */
  private interface Decode<T> extends Serializable {
    SourceData apply(Configuration hadoop, T unit);
  }

  /** One task per unit, results in the order of {@code units}. */
  private static <T> List<SourceData> inTasks(
      JavaSparkContext jsc, Configuration hadoop, List<T> units, Decode<T> decode) {
    if (units.isEmpty()) {
      return List.of();
    }
    // The driver's Hadoop settings (credentials, file systems) for the executors.
    Broadcast<SerializableConfiguration> conf =
        jsc.broadcast(new SerializableConfiguration(hadoop));
    try {
      return jsc.parallelize(units, units.size())
          .map(unit -> decode.apply(conf.value().value(), unit))
          .collect();
    } finally {
      conf.destroy();
    }
  }
}
