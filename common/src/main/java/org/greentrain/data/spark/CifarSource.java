package org.greentrain.data.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.greentrain.config.ConfigKeys;
import org.greentrain.config.DataConfig;
import org.greentrain.data.DecodedImage;
import org.greentrain.data.ImageDecoder;
import org.greentrain.data.Reject;
import org.greentrain.data.SourceData;
import org.greentrain.error.UserError;

/**
 * The CIFAR-10 and CIFAR-100 binary files as distributed, in {@code data.source} or its {@code
 * cifar-10-batches-bin/} ({@code cifar-100-binary/}) sub-directory. CIFAR-10: train split {@code
 * data_batch_1.bin} to {@code data_batch_5.bin} (those present, in that order), test split {@code
 * test_batch.bin}; each record is 1 label byte and 3072 pixel bytes (1024 R, 1024 G, 1024 B, each
 * 32x32 row-major). CIFAR-100: {@code train.bin} and {@code test.bin}, records of 2 label bytes
 * (coarse, fine) and the same pixels; the fine label (100 classes) is used.
 *
 * <p>Record ids follow the files in that order and the records in file order. A truncated last
 * record (a file length that is not a multiple of the record size) and a label outside {@code [0,
 * data.num-classes)} are rejects naming the file and the record's index in it. Each file is read in
 * one Spark task through {@link SourceReader}, or here on the calling thread.
 */
public final class CifarSource {

  /** Image bytes of a record: 3 planes of 32x32. */
  static final int PIXELS = 3 * 32 * 32;

  static final int SIZE = 32;

  private CifarSource() {}

  /** One file of a split, with the record id of its first record. */
  public record FilePart(String split, String file, int labelBytes, long firstRecordId)
      implements Serializable {}

  /** The directory holding the files: data.source or its sub-directory of the distribution. */
  static Path dir(Configuration hadoop, DataConfig data) {
    Path root = new Path(data.source());
    for (String sub : List.of("cifar-10-batches-bin", "cifar-100-binary")) {
      Path p = new Path(root, sub);
      if (SourceFiles.isDirectory(hadoop, p)) {
        return p;
      }
    }
    return root;
  }

  /** The format of a CIFAR directory, or null when {@code root} holds neither. */
  static String detect(Configuration hadoop, Path root) {
    for (Path dir :
        List.of(root, new Path(root, "cifar-10-batches-bin"), new Path(root, "cifar-100-binary"))) {
      if (exists(hadoop, new Path(dir, "data_batch_1.bin"))) {
        return DataConfig.CIFAR10;
      }
      if (exists(hadoop, new Path(dir, "train.bin"))) {
        return DataConfig.CIFAR100;
      }
    }
    return null;
  }

  /** Reads one split on the calling thread; {@code data.channels} must be resolved. */
  public static SourceData read(
      Configuration hadoop, DataConfig data, String format, String split) {
    List<SourceData> parts = new ArrayList<>();
    for (FilePart part : list(hadoop, data, format, split)) {
      parts.add(decode(hadoop, data, part));
    }
    return SourceData.concat(
        dir(hadoop, data).toString(), split, data.channels(), data.rows(), data.cols(), parts);
  }

  /** The files of one split in record-id order; fails when one is missing. */
  public static List<FilePart> list(
      Configuration hadoop, DataConfig data, String format, String split) {
    int classes = DataConfig.CIFAR10.equals(format) ? 10 : 100;
    if (data.numClasses() != classes) {
      throw new UserError(
          "Invalid "
              + ConfigKeys.DATA_NUM_CLASSES
              + ": "
              + data.numClasses()
              + ", but "
              + format
              + " has "
              + classes
              + " classes");
    }
    Path dir = dir(hadoop, data);
    int labelBytes = classes == 10 ? 1 : 2;
    List<FilePart> out = new ArrayList<>();
    long first = 0;
    for (Path file : files(hadoop, dir, format, split)) {
      out.add(new FilePart(split, file.toString(), labelBytes, first));
      long length = length(hadoop, file);
      long recordSize = labelBytes + PIXELS;
      first += (length + recordSize - 1) / recordSize;
    }
    return out;
  }

  /** The split's files of {@code dir}, qualified. */
  static List<Path> files(Configuration hadoop, Path dir, String format, String split) {
    List<String> names = new ArrayList<>();
    if (DataConfig.CIFAR10.equals(format)) {
      if (split.equals("train")) {
        for (int i = 1; i <= 5; i++) {
          if (i == 1 || exists(hadoop, new Path(dir, "data_batch_" + i + ".bin"))) {
            names.add("data_batch_" + i + ".bin");
          }
        }
      } else {
        names.add("test_batch.bin");
      }
    } else {
      names.add(split + ".bin");
    }
    List<Path> out = new ArrayList<>();
    for (String name : names) {
      Path p = new Path(dir, name);
      if (!exists(hadoop, p)) {
        throw new UserError(
            "Cannot read the " + split + " split of data.source " + dir + ": " + p + " not found");
      }
      out.add(qualify(hadoop, p));
    }
    return out;
  }

  /** Reads the records of one file; rows and cols other than 32 need data.resize. */
  public static SourceData decode(Configuration hadoop, DataConfig data, FilePart part) {
    ImageDecoder decoder =
        new ImageDecoder(data.channels(), data.rows(), data.cols(), data.resize());
    Path file = new Path(part.file());
    SourceData.Builder out =
        new SourceData.Builder(
            file.getParent().toString(), part.split(), data.channels(), data.rows(), data.cols());
    int recordSize = part.labelBytes() + PIXELS;
    try (InputStream in = file.getFileSystem(hadoop).open(file)) {
      long id = part.firstRecordId();
      for (long record = 0; ; record++, id++) {
        byte[] bytes = in.readNBytes(recordSize);
        if (bytes.length == 0) {
          break;
        }
        Reject reject = check(bytes, recordSize, part, record, data.numClasses());
        if (reject != null) {
          out.reject(reject);
          continue;
        }
        byte[] pixels = Arrays.copyOfRange(bytes, part.labelBytes(), recordSize);
        DecodedImage image = decoder.decodeRaw(pixels, 3, SIZE, SIZE);
        if (image.isRejected()) {
          out.reject(new Reject(part.file(), record, image.rejectReason()));
        } else {
          out.add(id, image.pixels(), 3, bytes[part.labelBytes() - 1] & 0xff);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + file, e);
    }
    return out.build();
  }

  /** Why a record is rejected, or null. The fine label is the last label byte. */
  private static Reject check(
      byte[] bytes, int recordSize, FilePart part, long record, int numClasses) {
    if (bytes.length < recordSize) {
      return new Reject(
          part.file(),
          record,
          "truncated record "
              + record
              + ": "
              + bytes.length
              + " of "
              + recordSize
              + " bytes (the file length is not a multiple of the record size)");
    }
    int label = bytes[part.labelBytes() - 1] & 0xff;
    if (label >= numClasses) {
      return new Reject(part.file(), record, "label " + label + " outside [0, " + numClasses + ")");
    }
    return null;
  }

  private static long length(Configuration hadoop, Path p) {
    try {
      return p.getFileSystem(hadoop).getFileStatus(p).getLen();
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + p, e);
    }
  }

  private static Path qualify(Configuration hadoop, Path p) {
    try {
      return p.getFileSystem(hadoop).makeQualified(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to open " + p, e);
    }
  }

  private static boolean exists(Configuration hadoop, Path p) {
    try {
      FileSystem fs = p.getFileSystem(hadoop);
      return fs.exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to check " + p, e);
    }
  }
}
