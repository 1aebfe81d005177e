package org.greentrain.data.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.greentrain.config.DataConfig;
import org.greentrain.data.FashionMnistFiles;
import org.greentrain.data.IdxReader;
import org.greentrain.data.LabeledImages;
import org.greentrain.error.UserError;

/**
 * Reads one split of a Fashion-MNIST style IDX directory through the Hadoop FileSystem API (local
 * paths, hdfs://, s3a:// alike) on the driver, and checks it against the config.
 */
public final class IdxSource {

  private IdxSource() {}

  /** The images and labels of {@code split} ("train" or "test") under {@code data.source}. */
  public static LabeledImages read(Configuration hadoop, DataConfig data, String split) {
    Path dir = new Path(data.source());
    FileSystem fs;
    try {
      fs = dir.getFileSystem(hadoop);
      if (!fs.exists(dir)) {
        throw new UserError("Cannot read data.source " + data.source() + ": directory not found");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to open data.source " + data.source(), e);
    }
    Path images = find(fs, dir, split, "images");
    Path labels = find(fs, dir, split, "labels");
    LabeledImages read;
    try (InputStream imageIn = fs.open(images);
        InputStream labelIn = fs.open(labels)) {
      read =
          IdxReader.read(
              imageIn,
              images.toString(),
              fs.getFileStatus(images).getLen(),
              labelIn,
              labels.toString(),
              fs.getFileStatus(labels).getLen(),
              data.numClasses());
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + images + " or " + labels, e);
    }
    if (read.rows() != data.rows() || read.cols() != data.cols()) {
      throw new UserError(
          "Invalid images in "
              + images
              + ": "
              + read.rows()
              + "x"
              + read.cols()
              + ", but data.rows x data.cols is "
              + data.rows()
              + "x"
              + data.cols());
    }
    if (read.count() == 0) {
      throw new UserError("Invalid images in " + images + ": the file is empty");
    }
    return read;
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
