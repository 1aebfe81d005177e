package org.greentrain.data.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.greentrain.config.ConfigKeys;
import org.greentrain.config.DataConfig;
import org.greentrain.data.DecodedImage;
import org.greentrain.data.ImageDecoder;
import org.greentrain.data.Reject;
import org.greentrain.data.SourceData;
import org.greentrain.error.UserError;

/**
 * A Parquet source: {@code <data.source>/<split>/} holds Parquet files (any depth, as Spark or
 * pandas write them) with a label column ({@code data.label-column}: an integer class index, or a
 * class name listed in {@code data.classes}) and an image column ({@code data.image-column}: PNG or
 * JPEG bytes, or a struct with a {@code bytes} field as Hugging Face datasets store images). Record
 * ids follow the files in path order and the rows in file order; each image is decoded once, here
 * on the calling thread or in Spark tasks (one per file, or per 128 MB of its row groups) through
 * {@link SourceReader}. A missing column is an error; a bad row is a reject.
 *
 * <p>Raw pixels: when a file also has integer columns {@code channels}, {@code rows} and {@code
 * cols}, its image column holds unsigned channel-planar bytes of that shape instead of an encoded
 * image (a length other than channels x rows x cols, or channels other than 1 or 3, is a reject).
 */
public final class ParquetImageSource {

  static final String LAYOUT = "a parquet source has train/ and test/ directories of Parquet files";

  /** Columns that, all present, mark the image column as raw pixels of that shape. */
  static final String CHANNELS = "channels";

  static final String ROWS = "rows";
  static final String COLS = "cols";

  private ParquetImageSource() {}

  /**
   * Consecutive row groups of one file read by one task, up to this many uncompressed bytes (unless
   * one row group alone is larger): Spark's default {@code spark.sql.files.maxPartitionBytes}.
   */
  static final long BYTES_PER_PART = 128L << 20;

  /**
   * Consecutive row groups of one Parquet file of a split: the record id and the file's row number
   * of their first row (record ids count the rows of the files before it), and the byte range that
   * selects them (every row group whose middle lies in {@code [rangeStart, rangeEnd)}), so that
   * parts of a file can be read apart and still number their records as a whole.
   */
  public record FilePart(
      String dir,
      String split,
      String file,
      long firstRecordId,
      long firstRow,
      long rangeStart,
      long rangeEnd)
      implements Serializable {}

  /** Reads and decodes one split on the calling thread. */
  public static SourceData read(Configuration hadoop, DataConfig data, String split) {
    DataConfig resolved = data.withChannels(DataSources.channels(hadoop, data));
    List<FilePart> parts = list(hadoop, resolved, split);
    List<SourceData> read = new ArrayList<>();
    for (FilePart part : parts) {
      read.add(decode(hadoop, resolved, part));
    }
    Path dir = SourceFiles.splitDir(hadoop, data, split, LAYOUT);
    return SourceData.concat(
        dir.toString(), split, resolved.channels(), data.rows(), data.cols(), read);
  }

  /**
   * The channels of the first row of {@code split} in record order whose image decodes: 3 when it
   * is colour, 1 when grey (or when none decodes; the read then fails on its rejects). Only the
   * image column is read: a bad label column is reported by the read itself.
   */
  static int firstImageChannels(Configuration hadoop, DataConfig data, String split) {
    ImageDecoder decoder = new ImageDecoder(0, data.rows(), data.cols(), data.resize());
    for (FileStatus f : files(hadoop, SourceFiles.splitDir(hadoop, data, split, LAYOUT))) {
      Path file = f.getPath();
      MessageType schema = schema(hadoop, file);
      boolean imageStruct = imageIsStruct(schema, file, data);
      boolean raw = hasShape(schema);
      try (ParquetReader<Group> reader =
          ParquetReader.builder(new GroupReadSupport(), file).withConf(hadoop).build()) {
        for (Group g = reader.read(); g != null; g = reader.read()) {
          byte[] bytes = image(g, data.imageColumn(), imageStruct);
          DecodedImage image =
              bytes == null ? null : raw ? decodeRaw(decoder, g, bytes) : decoder.decode(bytes);
          if (image != null && !image.isRejected()) {
            return image.sourceChannels();
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to read " + file, e);
      }
    }
    return 1;
  }

  /**
   * The split's files in path order, each cut into parts of consecutive row groups of at most
   * {@link #BYTES_PER_PART}, with their first record ids (from the footers).
   */
  public static List<FilePart> list(Configuration hadoop, DataConfig data, String split) {
    return list(hadoop, data, split, BYTES_PER_PART);
  }

  static List<FilePart> list(
      Configuration hadoop, DataConfig data, String split, long bytesPerPart) {
    Path dir = SourceFiles.splitDir(hadoop, data, split, LAYOUT);
    List<FilePart> out = new ArrayList<>();
    long first = 0;
    for (FileStatus f : files(hadoop, dir)) {
      List<BlockMetaData> groups = rowGroups(hadoop, f.getPath());
      long row = 0;
      int from = 0;
      while (from < groups.size()) {
        int to = from + 1;
        long bytes = groups.get(from).getTotalByteSize();
        while (to < groups.size() && bytes + groups.get(to).getTotalByteSize() <= bytesPerPart) {
          bytes += groups.get(to).getTotalByteSize();
          to++;
        }
        BlockMetaData last = groups.get(to - 1);
        out.add(
            new FilePart(
                dir.toString(),
                split,
                f.getPath().toString(),
                first + row,
                row,
                groups.get(from).getStartingPos(),
                last.getStartingPos() + last.getCompressedSize()));
        for (int g = from; g < to; g++) {
          row += groups.get(g).getRowCount();
        }
        from = to;
      }
      first += row;
    }
    return out;
  }

  /**
   * Reads and decodes the rows of one file as {@code data.channels} channels (resolved, 1 or 3); a
   * bad row is a reject, a bad file an error.
   */
  public static SourceData decode(Configuration hadoop, DataConfig data, FilePart part) {
    ImageDecoder decoder =
        new ImageDecoder(data.channels(), data.rows(), data.cols(), data.resize());
    SourceData.Builder out =
        new SourceData.Builder(part.dir(), part.split(), data.channels(), data.rows(), data.cols());
    readFile(hadoop, part, data, decoder, out);
    return out.build();
  }

  static List<FileStatus> files(Configuration hadoop, Path dir) {
    return SourceFiles.listRecursively(hadoop, dir, p -> p.getName().endsWith(".parquet"));
  }

  private static void readFile(
      Configuration hadoop,
      FilePart part,
      DataConfig data,
      ImageDecoder decoder,
      SourceData.Builder out) {
    Path file = new Path(part.file());
    MessageType schema = schema(hadoop, file);
    boolean stringLabels = labelIsString(schema, file, data);
    boolean imageStruct = imageIsStruct(schema, file, data);
    boolean raw = hasShape(schema);
    if (stringLabels && data.classes().isEmpty()) {
      throw new UserError(
          "Cannot read "
              + file
              + ": column "
              + data.labelColumn()
              + " holds class names, so "
              + ConfigKeys.DATA_CLASSES
              + " must list them in label order");
    }
    long recordId = part.firstRecordId();
    try (ParquetReader<Group> reader =
        ParquetReader.builder(new GroupReadSupport(), file)
            .withConf(hadoop)
            .withFileRange(part.rangeStart(), part.rangeEnd())
            .build()) {
      long row = part.firstRow();
      for (Group g = reader.read(); g != null; g = reader.read(), row++, recordId++) {
        String where = file.toString();
        Integer label = label(g, data, stringLabels);
        byte[] bytes = image(g, data.imageColumn(), imageStruct);
        if (label == null) {
          out.reject(new Reject(where, row, labelProblem(g, data, stringLabels)));
        } else if (bytes == null) {
          out.reject(new Reject(where, row, "no image bytes in column " + data.imageColumn()));
        } else {
          DecodedImage image = raw ? decodeRaw(decoder, g, bytes) : decoder.decode(bytes);
          if (image.isRejected()) {
            out.reject(new Reject(where, row, image.rejectReason()));
          } else {
            out.add(recordId, image.pixels(), image.sourceChannels(), label);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + file, e);
    }
  }

  /**
   * Whether the file stores raw pixels: integer columns {@value #CHANNELS}, {@value #ROWS} and
   * {@value #COLS} give the shape of the image column's bytes (channel-planar, unsigned).
   */
  private static boolean hasShape(MessageType schema) {
    for (String name : List.of(CHANNELS, ROWS, COLS)) {
      if (!schema.containsField(name) || !schema.getType(name).isPrimitive()) {
        return false;
      }
      PrimitiveTypeName p = schema.getType(name).asPrimitiveType().getPrimitiveTypeName();
      if (p != PrimitiveTypeName.INT32 && p != PrimitiveTypeName.INT64) {
        return false;
      }
    }
    return true;
  }

  private static DecodedImage decodeRaw(ImageDecoder decoder, Group g, byte[] bytes) {
    long[] shape = new long[3];
    List<String> names = List.of(CHANNELS, ROWS, COLS);
    for (int i = 0; i < 3; i++) {
      String name = names.get(i);
      if (g.getFieldRepetitionCount(name) == 0) {
        return new DecodedImage(null, 0, "no value in column " + name);
      }
      shape[i] =
          g.getType().getType(name).asPrimitiveType().getPrimitiveTypeName()
                  == PrimitiveTypeName.INT64
              ? g.getLong(name, 0)
              : g.getInteger(name, 0);
      if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
        return new DecodedImage(null, 0, "invalid " + name + " " + shape[i]);
      }
    }
    return decoder.decodeRaw(bytes, (int) shape[0], (int) shape[1], (int) shape[2]);
  }

  private static List<BlockMetaData> rowGroups(Configuration hadoop, Path file) {
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, hadoop))) {
      return r.getRowGroups();
    } catch (IOException | RuntimeException e) {
      throw new UserError("Cannot read Parquet file " + file + ": " + e.getMessage(), e);
    }
  }

  private static MessageType schema(Configuration hadoop, Path file) {
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, hadoop))) {
      return r.getFooter().getFileMetaData().getSchema();
    } catch (IOException | RuntimeException e) {
      throw new UserError("Cannot read Parquet file " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean labelIsString(MessageType schema, Path file, DataConfig data) {
    Type t = column(schema, file, data.labelColumn(), ConfigKeys.DATA_LABEL_COLUMN);
    if (t.isPrimitive()) {
      PrimitiveTypeName p = t.asPrimitiveType().getPrimitiveTypeName();
      if (p == PrimitiveTypeName.INT32 || p == PrimitiveTypeName.INT64) {
        return false;
      }
      if (p == PrimitiveTypeName.BINARY) {
        return true;
      }
    }
    throw new UserError(
        "Cannot read "
            + file
            + ": label column "
            + data.labelColumn()
            + " is "
            + t
            + ", expected an integer or a string");
  }

  private static boolean imageIsStruct(MessageType schema, Path file, DataConfig data) {
    Type t = column(schema, file, data.imageColumn(), ConfigKeys.DATA_IMAGE_COLUMN);
    if (t.isPrimitive() && t.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY) {
      return false;
    }
    if (!t.isPrimitive()) {
      GroupType g = t.asGroupType();
      if (g.containsField("bytes")
          && g.getType("bytes").isPrimitive()
          && g.getType("bytes").asPrimitiveType().getPrimitiveTypeName()
              == PrimitiveTypeName.BINARY) {
        return true;
      }
    }
    throw new UserError(
        "Cannot read "
            + file
            + ": image column "
            + data.imageColumn()
            + " is "
            + t
            + ", expected binary PNG/JPEG bytes or a struct with a binary field 'bytes'");
  }

  private static Type column(MessageType schema, Path file, String name, String key) {
    if (!schema.containsField(name)) {
      throw new UserError(
          "Cannot read "
              + file
              + ": no column "
              + name
              + " ("
              + key
              + "); columns: "
              + schema.getFields().stream().map(Type::getName).toList());
    }
    return schema.getType(name);
  }

  /** The label index, or null when it is missing or not a known class. */
  private static Integer label(Group g, DataConfig data, boolean strings) {
    String col = data.labelColumn();
    if (g.getFieldRepetitionCount(col) == 0) {
      return null;
    }
    if (strings) {
      int i = data.classes().indexOf(g.getString(col, 0));
      return i < 0 ? null : i;
    }
    long v =
        g.getType().getType(col).asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT64
            ? g.getLong(col, 0)
            : g.getInteger(col, 0);
    return v >= 0 && v < data.numClasses() ? (int) v : null;
  }

  private static String labelProblem(Group g, DataConfig data, boolean strings) {
    String col = data.labelColumn();
    if (g.getFieldRepetitionCount(col) == 0) {
      return "no label in column " + col;
    }
    if (strings) {
      return "unknown label '"
          + g.getString(col, 0)
          + "' (classes: "
          + String.join(", ", data.classes())
          + ")";
    }
    Object v =
        g.getType().getType(col).asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT64
            ? g.getLong(col, 0)
            : g.getInteger(col, 0);
    return "label " + v + " outside [0, " + data.numClasses() + ")";
  }

  private static byte[] image(Group g, String col, boolean struct) {
    if (g.getFieldRepetitionCount(col) == 0) {
      return null;
    }
    if (struct) {
      Group s = g.getGroup(col, 0);
      return s.getFieldRepetitionCount("bytes") == 0 ? null : s.getBinary("bytes", 0).getBytes();
    }
    return g.getBinary(col, 0).getBytes();
  }
}
