package org.greentrain.data.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.greentrain.config.DataConfig;
import org.greentrain.data.DecodedImage;
import org.greentrain.data.ImageDecoder;
import org.greentrain.data.Reject;
import org.greentrain.data.SourceData;
import org.greentrain.error.UserError;

/**
 * An image-folder source: {@code <data.source>/<split>/<class>/**} holds the PNG or JPEG images of
 * each class. Class names map to label indices through {@code data.classes}, or in sorted order of
 * the class folders of the train split. Every file is read and decoded once: here on the calling
 * thread, or in Spark tasks through {@link SourceReader}.
 */
public final class ImageFolderSource {

  static final String LAYOUT =
      "an image-folder source has train/ and test/ directories with one sub-folder per class";

  private ImageFolderSource() {}

  /**
   * The files of one split, in record-id order: {@code files.get(i)} is record {@code firstRecordId
   * + i}, of {@code bytes.get(i)} bytes when listed. A whole split is one slice; {@link #slices}
   * cuts it for tasks.
   */
  public record Slice(
      String dir,
      String split,
      List<String> classes,
      long firstRecordId,
      List<String> files,
      List<Long> bytes)
      implements Serializable {

    public Slice {
      classes = List.copyOf(classes);
      files = List.copyOf(files);
      bytes = List.copyOf(bytes);
      if (bytes.size() != files.size()) {
        throw new IllegalArgumentException(
            "Invalid slice: " + files.size() + " files but " + bytes.size() + " lengths");
      }
    }

    /** Consecutive slices of at most {@code size} files each. */
    public List<Slice> slices(int size) {
      List<Slice> out = new ArrayList<>();
      for (int from = 0; from < files.size(); from += size) {
        out.add(
            new Slice(
                dir,
                split,
                classes,
                firstRecordId + from,
                files.subList(from, Math.min(files.size(), from + size)),
                bytes.subList(from, Math.min(files.size(), from + size))));
      }
      return out;
    }
  }

  /** Reads and decodes one split on the calling thread. */
  public static SourceData read(Configuration hadoop, DataConfig data, String split) {
    DataConfig resolved = data.withChannels(DataSources.channels(hadoop, data));
    return decode(hadoop, resolved, list(hadoop, resolved, split));
  }

  /**
   * The channels of the first image of {@code split} in record order that decodes: 3 when it is
   * colour, 1 when grey (or when no image decodes; the read then fails on its rejects).
   */
  static int firstImageChannels(Configuration hadoop, DataConfig data, String split) {
    Slice train = list(hadoop, data, split);
    ImageDecoder decoder = new ImageDecoder(0, data.rows(), data.cols(), data.resize());
    for (int i = 0; i < train.files().size(); i++) {
      if (train.bytes().get(i) > ImageDecoder.MAX_FILE_BYTES) {
        continue;
      }
      Path file = new Path(train.files().get(i));
      DecodedImage image =
          decoder.decode(SourceFiles.readAtMost(hadoop, file, ImageDecoder.MAX_FILE_BYTES + 1));
      if (!image.isRejected()) {
        return image.sourceChannels();
      }
    }
    return 1;
  }

  /** Every file of one split, sorted by path, with the class names; nothing is read yet. */
  public static Slice list(Configuration hadoop, DataConfig data, String split) {
    Path dir = SourceFiles.splitDir(hadoop, data, split, LAYOUT);
    List<String> files = new ArrayList<>();
    List<Long> bytes = new ArrayList<>();
    for (FileStatus f : SourceFiles.listRecursively(hadoop, dir, p -> true)) {
      files.add(f.getPath().toString());
      bytes.add(f.getLen());
    }
    return new Slice(dir.toString(), split, classes(hadoop, data), 0, files, bytes);
  }

  /**
   * Reads and decodes the files of {@code slice} as {@code data.channels} channels (resolved, 1 or
   * 3): a file that is no image, has the wrong size, sits outside a class folder or in an unknown
   * class folder becomes a reject.
   */
  public static SourceData decode(Configuration hadoop, DataConfig data, Slice slice) {
    ImageDecoder decoder =
        new ImageDecoder(data.channels(), data.rows(), data.cols(), data.resize());
    SourceData.Builder out =
        new SourceData.Builder(
            slice.dir(), slice.split(), data.channels(), data.rows(), data.cols());
    String prefix = new Path(slice.dir()).toUri().getPath() + "/";
    List<String> classes = slice.classes();
    long recordId = slice.firstRecordId();
    for (int i = 0; i < slice.files().size(); i++) {
      Path file = new Path(slice.files().get(i));
      String relative = file.toUri().getPath().substring(prefix.length());
      int slash = relative.indexOf('/');
      String className = slash < 0 ? null : relative.substring(0, slash);
      if (className == null) {
        out.reject(new Reject(file.toString(), 0, "not in a class sub-folder"));
      } else if (!classes.contains(className)) {
        out.reject(
            new Reject(
                file.toString(),
                0,
                "unknown label '" + className + "' (classes: " + String.join(", ", classes) + ")"));
      } else if (slice.bytes().get(i) > ImageDecoder.MAX_FILE_BYTES) {
        // Rejected from the listing's length: an over-size file is never opened.
        out.reject(new Reject(file.toString(), 0, ImageDecoder.tooLarge(slice.bytes().get(i))));
      } else {
        DecodedImage image =
            decoder.decode(SourceFiles.readAtMost(hadoop, file, ImageDecoder.MAX_FILE_BYTES + 1));
        if (image.isRejected()) {
          out.reject(new Reject(file.toString(), 0, image.rejectReason()));
        } else {
          out.add(recordId, image.pixels(), image.sourceChannels(), classes.indexOf(className));
        }
      }
      recordId++;
    }
    return out.build();
  }

  /** The class names in label order: data.classes, or the train split's sorted class folders. */
  public static List<String> classes(Configuration hadoop, DataConfig data) {
    if (!data.classes().isEmpty()) {
      return data.classes();
    }
    Path train = SourceFiles.splitDir(hadoop, data, "train", LAYOUT);
    List<String> found = SourceFiles.subdirectories(hadoop, train);
    if (found.size() != data.numClasses()) {
      throw new UserError(
          "Invalid image-folder source "
              + train
              + ": "
              + found.size()
              + " class folders "
              + found
              + " but data.num-classes is "
              + data.numClasses()
              + " (set data.classes to choose the classes)");
    }
    return found;
  }
}
