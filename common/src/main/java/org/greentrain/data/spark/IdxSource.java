package org.greentrain.data.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.IntUnaryOperator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.greentrain.config.DataConfig;
import org.greentrain.data.FashionMnistFiles;
import org.greentrain.data.IdxReader;
import org.greentrain.data.LabeledImages;
import org.greentrain.data.SourceData;
import org.greentrain.error.UserError;

/**
 * Reads one split of a Fashion-MNIST style IDX directory through the Hadoop FileSystem API (local
 * paths, hdfs://, s3a:// alike), whole or in ranges of records that Spark tasks read apart, and
 * checks it against the config.
 */
public final class IdxSource {

  private IdxSource() {}

  /** The images and labels of {@code split} ("train" or "test") under {@code data.source}. */
  public static LabeledImages read(Configuration hadoop, DataConfig data, String split) {
    Files f = find(hadoop, data, split);
    LabeledImages read =
        f.open(
            hadoop,
            (imageIn, labelIn) ->
                IdxReader.read(
                    imageIn,
                    f.images(),
                    f.imagesBytes(),
                    labelIn,
                    f.labels(),
                    f.labelsBytes(),
                    data.numClasses()));
    check(f, new IdxReader.Shape(read.count(), read.rows(), read.cols()), data);
    return read;
  }

  /**
   * The records {@code [from, to)} of one split's IDX pair, for one task: record ids are their
   * indices in the files.
   */
  public record Range(Files files, String source, String split, int from, int to)
      implements Serializable {}

  /**
   * One split cut into {@code parts.applyAsInt(records)} ranges of nearly equal size (fewer when
   * records are fewer); only the headers are read, and checked against the config as {@link #read}
   * checks them.
   */
  public static List<Range> ranges(
      Configuration hadoop, DataConfig data, String split, IntUnaryOperator parts) {
    Files f = find(hadoop, data, split);
    IdxReader.Shape shape =
        f.open(
            hadoop,
            (imageIn, labelIn) ->
                IdxReader.shape(
                    imageIn, f.images(), f.imagesBytes(), labelIn, f.labels(), f.labelsBytes()));
    check(f, shape, data);
    int n = Math.max(1, parts.applyAsInt(shape.count()));
    if (f.gzipped()) {
      // A gzip stream cannot be entered midway: every range inflates the file from its start.
      n = Math.min(n, MAX_GZIP_RANGES);
    }
    int per = Math.max(1, (shape.count() + n - 1) / n);
    List<Range> out = new ArrayList<>();
    for (int from = 0; from < shape.count(); from += per) {
      out.add(new Range(f, data.source(), split, from, Math.min(shape.count(), from + per)));
    }
    return out;
  }

  /** Reads one range as {@code data.channels} channels (grey images repeated for RGB). */
  public static SourceData decode(Configuration hadoop, DataConfig data, Range r) {
    Files f = r.files();
    LabeledImages images =
        f.open(
            hadoop,
            (imageIn, labelIn) ->
                IdxReader.readRange(
                    imageIn,
                    f.images(),
                    f.imagesBytes(),
                    labelIn,
                    f.labels(),
                    f.labelsBytes(),
                    data.numClasses(),
                    r.from(),
                    r.to()));
    long[] ids = new long[images.count()];
    Arrays.setAll(ids, i -> r.from() + i);
    return new SourceData(r.source(), r.split(), images, ids, List.of())
        .withChannels(data.channels());
  }

  /**
   * At most this many ranges of a gzipped pair: range k of n inflates k / n of the file, so all
   * together inflate it (n + 1) / 2 times (2.5 times for 4).
   */
  static final int MAX_GZIP_RANGES = 4;

  /** The image and label files of one split, their lengths, and whether either is gzipped. */
  public record Files(
      String images, long imagesBytes, String labels, long labelsBytes, boolean gzipped)
      implements Serializable {

    <T> T open(Configuration hadoop, BiFunction<InputStream, InputStream, T> read) {
      Path imagePath = new Path(images);
      Path labelPath = new Path(labels);
      try (InputStream imageIn = imagePath.getFileSystem(hadoop).open(imagePath);
          InputStream labelIn = labelPath.getFileSystem(hadoop).open(labelPath)) {
        return read.apply(imageIn, labelIn);
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to read " + images + " or " + labels, e);
      }
    }
  }

  private static Files find(Configuration hadoop, DataConfig data, String split) {
    Path dir = new Path(data.source());
    FileSystem fs;
    try {
      fs = dir.getFileSystem(hadoop);
      if (!fs.exists(dir)) {
        throw new UserError("Cannot read data.source " + data.source() + ": directory not found");
      }
      Path images = fs.makeQualified(find(fs, dir, split, "images"));
      Path labels = fs.makeQualified(find(fs, dir, split, "labels"));
      return new Files(
          images.toString(),
          fs.getFileStatus(images).getLen(),
          labels.toString(),
          fs.getFileStatus(labels).getLen(),
          isGzip(fs, images) || isGzip(fs, labels));
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to open data.source " + data.source(), e);
    }
  }

  private static boolean isGzip(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  private static void check(Files f, IdxReader.Shape shape, DataConfig data) {
    if (shape.rows() != data.rows() || shape.cols() != data.cols()) {
      throw new UserError(
          "Invalid images in "
              + f.images()
              + ": "
              + shape.rows()
              + "x"
              + shape.cols()
              + ", but data.rows x data.cols is "
              + data.rows()
              + "x"
              + data.cols());
    }
    if (shape.count() == 0) {
      throw new UserError("Invalid images in " + f.images() + ": the file is empty");
    }
  }

  /** The images and labels files of both splits under {@code data.source}, in a fixed order. */
  public static List<Path> files(Configuration hadoop, DataConfig data) {
    Path dir = new Path(data.source());
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      List<Path> out = new ArrayList<>();
      for (String split : List.of("train", "test")) {
        out.add(find(fs, dir, split, "images"));
        out.add(find(fs, dir, split, "labels"));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to open data.source " + data.source(), e);
    }
  }

  private static Path find(FileSystem fs, Path dir, String split, String kind) {
    return FashionMnistFiles.find(name -> exists(fs, new Path(dir, name)), split, kind)
        .map(name -> new Path(dir, name))
        .orElseThrow(
            () ->
                new UserError(
                    "Cannot read the "
                        + split
                        + " "
                        + kind
                        + " in data.source "
                        + dir
                        + ": none of "
                        + FashionMnistFiles.candidates(split, kind)
                        + " exists"));
  }

  private static boolean exists(FileSystem fs, Path p) {
    try {
      return fs.exists(p);
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to check " + p, e);
    }
  }
}
