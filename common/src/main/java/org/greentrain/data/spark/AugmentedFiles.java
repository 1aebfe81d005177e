package org.greentrain.data.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.greentrain.data.AugmentPipeline;
import org.greentrain.data.LabeledImages;
import org.greentrain.data.Normalize;
import org.greentrain.data.StoredPixels;

/**
 * Augments a slice of images and writes its rows with parquet-hadoop, one file per shard it has
 * rows for: {@code <dir>/shard=<k>/part-<slice>.snappy.parquet}. The shard is a directory (the
 * partition column readers infer), so the files hold record_id, copy, label, channels, pixels (the
 * image before normalisation as unsigned channel-planar bytes, {@link StoredPixels}) and the
 * normalisation's mean and std, one per channel (Parquet lists). On the local file system the files
 * are written with java.nio ({@link LocalOutputFile}). Plain Hadoop, no Spark: the augment stage's
 * tasks and the benchmark's single-threaded baseline run this same code.
 */
public final class AugmentedFiles {

  /** The columns of one file; {@code shard} is its directory. */
  static final MessageType FILE_SCHEMA =
      MessageTypeParser.parseMessageType(
          "message augmented { required int64 record_id; required int32 copy;"
              + " required int32 label; required int32 channels; required binary pixels;"
              + " required group normalize_mean (LIST) { repeated group list {"
              + " required float element; } }"
              + " required group normalize_std (LIST) { repeated group list {"
              + " required float element; } } }");

  private AugmentedFiles() {}

  /** The file of one slice's rows of one shard, relative to the table directory. */
  static String relativeFile(int shard, int slice) {
    return String.format(Locale.ROOT, "shard=%d/part-%05d.snappy.parquet", shard, slice);
  }

  /**
   * Augments every copy (0 to {@code copies}) of the images {@code [from, to)} and writes each into
   * its shard's file under {@code dir}, which no other writer uses.
   *
   * @param slice numbers the files, unique within one table
   * @param recordIds the record id of each image (they seed its augmentation)
   * @return rows written
   */
  public static long write(
      Configuration hadoop,
      Path dir,
      int slice,
      LabeledImages images,
      long[] recordIds,
      int from,
      int to,
      AugmentPipeline ops,
      int copies,
      int shards,
      long seed) {
    int channels = images.channels();
    int rows = images.rows();
    int cols = images.cols();
    StoredPixels.Split split = StoredPixels.split(ops);
    AugmentPipeline stored = split.beforeNormalize();
    Normalize normalize = split.normalize().forChannels(channels);
    float[] mean = normalize.mean();
    float[] std = normalize.std();
    Map<Integer, ParquetWriter<Output>> writers = new HashMap<>();
    long written = 0;
    IOException failure = null;
    try {
      for (int i = from; i < to; i++) {
        long recordId = recordIds[i];
        byte[] pixels = images.image(i);
        for (int copy = 0; copy <= copies; copy++) {
          int shard = AugmentedTable.shardOf(seed, copy, recordId, shards);
          ParquetWriter<Output> w = writers.get(shard);
          if (w == null) {
            w = open(hadoop, new Path(dir, relativeFile(shard, slice)));
            writers.put(shard, w);
          }
          byte[] augmented =
              StoredPixels.encode(stored.apply(pixels, channels, rows, cols, seed, copy, recordId));
          w.write(new Output(recordId, copy, images.label(i), channels, augmented, mean, std));
          written++;
        }
      }
    } catch (IOException e) {
      failure = e;
    } finally {
      for (ParquetWriter<Output> w : writers.values()) {
        try {
          w.close();
        } catch (IOException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
    }
    if (failure != null) {
      throw new UncheckedIOException("Failed to write augmented rows under " + dir, failure);
    }
    return written;
  }

  private static ParquetWriter<Output> open(Configuration hadoop, Path file) throws IOException {
    FileSystem fs = file.getFileSystem(hadoop);
    Builder builder =
        "file".equals(fs.getUri().getScheme())
            ? new Builder(new LocalOutputFile(Paths.get(fs.makeQualified(file).toUri())))
            : new Builder(HadoopOutputFile.fromPath(file, hadoop));
    return builder
        .withConf(hadoop)
        .withWriteMode(ParquetFileWriter.Mode.CREATE)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        // Pixel bytes almost never repeat: a dictionary would only be built and dropped.
        .withDictionaryEncoding("pixels", false)
        .build();
  }

  /** One row of a file. */
  record Output(
      long recordId, int copy, int label, int channels, byte[] pixels, float[] mean, float[] std) {}

  private static final class Builder extends ParquetWriter.Builder<Output, Builder> {
    Builder(OutputFile file) {
      super(file);
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Output> getWriteSupport(Configuration conf) {
      return new OutputWriteSupport();
    }
  }

  private static final class OutputWriteSupport extends WriteSupport<Output> {
    private RecordConsumer consumer;

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(FILE_SCHEMA, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.consumer = recordConsumer;
    }

    @Override
    public void write(Output r) {
      consumer.startMessage();
      consumer.startField("record_id", 0);
      consumer.addLong(r.recordId());
      consumer.endField("record_id", 0);
      consumer.startField("copy", 1);
      consumer.addInteger(r.copy());
      consumer.endField("copy", 1);
      consumer.startField("label", 2);
      consumer.addInteger(r.label());
      consumer.endField("label", 2);
      consumer.startField("channels", 3);
      consumer.addInteger(r.channels());
      consumer.endField("channels", 3);
      consumer.startField("pixels", 4);
      consumer.addBinary(Binary.fromConstantByteArray(r.pixels()));
      consumer.endField("pixels", 4);
      writeList("normalize_mean", 5, r.mean());
      writeList("normalize_std", 6, r.std());
      consumer.endMessage();
    }

    /** A Parquet LIST of floats in the standard three-level layout, which Spark reads as array. */
    private void writeList(String field, int index, float[] values) {
      consumer.startField(field, index);
      consumer.startGroup();
      consumer.startField("list", 0);
      for (float v : values) {
        consumer.startGroup();
        consumer.startField("element", 0);
        consumer.addFloat(v);
        consumer.endField("element", 0);
        consumer.endGroup();
      }
      consumer.endField("list", 0);
      consumer.endGroup();
      consumer.endField(field, index);
    }
  }
}
