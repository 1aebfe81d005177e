package org.greentrain.data.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.greentrain.config.DataConfig;
import org.greentrain.data.DecodedImage;
import org.greentrain.data.ImageDecoder;
import org.greentrain.data.Reject;
import org.greentrain.data.SourceData;

/**
 * A Parquet source: {@code <data.source>/<split>/} holds Parquet files (any depth, as Spark or
 * pandas write them) with a label column ({@code data.label-column}: an integer class index, or
 * a class name listed in {@code data.classes}) and an image column ({@code data.image-column}:
 * PNG or JPEG bytes, or a struct with a {@code bytes} field as Hugging Face datasets store
 * images). Files are read in path order and rows in file order, on the driver; each image is
 * decoded once. A missing column is an error; a bad row is a reject.
 */
public final class ParquetImageSource {

  static final String LAYOUT =
      "a parquet source has train/ and test/ directories of Parquet files";

  private ParquetImageSource() {}

  public static SourceData read(Configuration hadoop, DataConfig data, String split) {
    Path dir = SourceFiles.splitDir(hadoop, data, split, LAYOUT);
    ImageDecoder decoder = new ImageDecoder(data.rows(), data.cols(), data.resize());
    SourceData.Builder out = new SourceData.Builder(dir.toString(), split, data.rows(), data.cols());
    long recordId = 0;
    for (FileStatus f : files(hadoop, dir)) {
      recordId = readFile(hadoop, f.getPath(), data, decoder, out, recordId);
    }
    return out.build();
  }

  static List<FileStatus> files(Configuration hadoop, Path dir) {
    return SourceFiles.listRecursively(hadoop, dir, p -> p.getName().endsWith(".parquet"));
  }

  private static long readFile(
      Configuration hadoop, Path file, DataConfig data, ImageDecoder decoder,
      SourceData.Builder out, long firstRecordId) {
    MessageType schema = schema(hadoop, file);
    boolean stringLabels = labelIsString(schema, file, data);
    boolean imageStruct = imageIsStruct(schema, file, data);
    if (stringLabels && data.classes().isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot read " + file + ": column " + data.labelColumn() + " holds class names, so"
              + " data.classes must list them in label order");
    }
    long recordId = firstRecordId;
    try (ParquetReader<Group> reader =
        ParquetReader.builder(new GroupReadSupport(), file).withConf(hadoop).build()) {
      long row = 0;
      for (Group g = reader.read(); g != null; g = reader.read(), row++, recordId++) {
        String where = file.toString();
        Integer label = label(g, data, stringLabels);
        byte[] bytes = image(g, data.imageColumn(), imageStruct);
        if (label == null) {
          out.reject(new Reject(where, row, labelProblem(g, data, stringLabels)));
        } else if (bytes == null) {
          out.reject(new Reject(where, row, "no image bytes in column " + data.imageColumn()));
        } else {
          DecodedImage image = decoder.decode(bytes);
          if (image.isRejected()) {
            out.reject(new Reject(where, row, image.rejectReason()));
          } else {
            out.add(recordId, image.pixels(), label);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + file, e);
    }
    return recordId;
  }

  private static MessageType schema(Configuration hadoop, Path file) {
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, hadoop))) {
      return r.getFooter().getFileMetaData().getSchema();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("Cannot read Parquet file " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean labelIsString(MessageType schema, Path file, DataConfig data) {
    Type t = column(schema, file, data.labelColumn(), "data.label-column");
    if (t.isPrimitive()) {
      PrimitiveTypeName p = t.asPrimitiveType().getPrimitiveTypeName();
      if (p == PrimitiveTypeName.INT32 || p == PrimitiveTypeName.INT64) {
        return false;
      }
      if (p == PrimitiveTypeName.BINARY) {
        return true;
      }
    }
    throw new IllegalArgumentException(
        "Cannot read " + file + ": label column " + data.labelColumn() + " is " + t
            + ", expected an integer or a string");
  }

  private static boolean imageIsStruct(MessageType schema, Path file, DataConfig data) {
    Type t = column(schema, file, data.imageColumn(), "data.image-column");
    if (t.isPrimitive() && t.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY) {
      return false;
    }
    if (!t.isPrimitive()) {
      GroupType g = t.asGroupType();
      if (g.containsField("bytes") && g.getType("bytes").isPrimitive()
          && g.getType("bytes").asPrimitiveType().getPrimitiveTypeName()
              == PrimitiveTypeName.BINARY) {
        return true;
      }
    }
    throw new IllegalArgumentException(
        "Cannot read " + file + ": image column " + data.imageColumn() + " is " + t
            + ", expected binary PNG/JPEG bytes or a struct with a binary field 'bytes'");
  }

  private static Type column(MessageType schema, Path file, String name, String key) {
    if (!schema.containsField(name)) {
      throw new IllegalArgumentException(
          "Cannot read " + file + ": no column " + name + " (" + key + "); columns: "
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
    long v = g.getType().getType(col).asPrimitiveType().getPrimitiveTypeName()
        == PrimitiveTypeName.INT64 ? g.getLong(col, 0) : g.getInteger(col, 0);
    return v >= 0 && v < data.numClasses() ? (int) v : null;
  }

  private static String labelProblem(Group g, DataConfig data, boolean strings) {
    String col = data.labelColumn();
    if (g.getFieldRepetitionCount(col) == 0) {
      return "no label in column " + col;
    }
    if (strings) {
      return "unknown label '" + g.getString(col, 0) + "' (classes: "
          + String.join(", ", data.classes()) + ")";
    }
    Object v = g.getType().getType(col).asPrimitiveType().getPrimitiveTypeName()
        == PrimitiveTypeName.INT64 ? g.getLong(col, 0) : g.getInteger(col, 0);
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
