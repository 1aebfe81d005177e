package org.greentrain.data.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.greentrain.config.DataConfig;
import org.greentrain.data.FashionMnistFiles;
import org.greentrain.data.SourceData;
import org.greentrain.error.UserError;

/**
 * The data source {@code data.format} names: {@code idx}, {@code image-folder}, {@code parquet},
 * {@code cifar10} or {@code cifar100}; {@code auto} picks idx when the train IDX files are in
 * {@code data.source}, else cifar10 when {@code data_batch_1.bin} is there (or in {@code
 * cifar-10-batches-bin/}), cifar100 when {@code train.bin} is, else parquet when {@code
 * <data.source>/train} holds {@code .parquet} files, else image-folder.
 */
public final class DataSources {

  private DataSources() {}

  /** The format to read, with auto resolved. */
  public static String format(Configuration hadoop, DataConfig data) {
    if (!DataConfig.AUTO.equals(data.format())) {
      return data.format();
    }
    Path root = new Path(data.source());
    if (!SourceFiles.isDirectory(hadoop, root)) {
      throw new UserError("Cannot read data.source " + data.source() + ": directory not found");
    }
    for (String name :
        FashionMnistFiles.candidates(FashionMnistFiles.TRAIN, FashionMnistFiles.IMAGES)) {
      if (exists(hadoop, new Path(root, name))) {
        return DataConfig.IDX;
      }
    }
    String cifar = CifarSource.detect(hadoop, root);
    if (cifar != null) {
      return cifar;
    }
    Path train = new Path(root, "train");
    if (SourceFiles.isDirectory(hadoop, train)
        && !ParquetImageSource.files(hadoop, train).isEmpty()) {
      return DataConfig.PARQUET;
    }
    return DataConfig.IMAGE_FOLDER;
  }

  /**
   * The channels the images are read with: {@code data.channels} when set, else from the source:
   * idx 1, cifar 3, image-folder and parquet 3 when the first image of the train split in record
   * order that decodes is colour, else 1.
   */
  public static int channels(Configuration hadoop, DataConfig data) {
    if (data.channels() != DataConfig.CHANNELS_FROM_SOURCE) {
      return data.channels();
    }
    // A source read for its test split alone (no train directory) is probed in that split.
    String split =
        SourceFiles.isDirectory(hadoop, new Path(data.source(), "train")) ? "train" : "test";
    return switch (format(hadoop, data)) {
      case DataConfig.IDX -> 1;
      case DataConfig.CIFAR10, DataConfig.CIFAR100 -> 3;
      case DataConfig.IMAGE_FOLDER -> ImageFolderSource.firstImageChannels(hadoop, data, split);
      case DataConfig.PARQUET -> ParquetImageSource.firstImageChannels(hadoop, data, split);
      default -> throw new IllegalStateException("Unhandled data.format " + data.format());
    };
  }

  /**
   * Reads and validates one split ("train" or "test"), failing when it is missing, empty, or has
   * more rejects than {@code data.max-reject-fraction} allows.
   */
  public static SourceData read(Configuration hadoop, DataConfig data, String split) {
    return readUnchecked(hadoop, data, split).checkRejects(data.maxRejectFraction());
  }

  /**
   * Reads and validates one split, failing when it is missing; the caller applies {@link
   * SourceData#checkRejects}, e.g. after recording the rejects.
   */
  public static SourceData readUnchecked(Configuration hadoop, DataConfig data, String split) {
    DataConfig resolved = data.withChannels(channels(hadoop, data));
    String format = format(hadoop, data);
    return switch (format) {
      case DataConfig.IDX ->
          SourceData.ofAll(data.source(), split, IdxSource.read(hadoop, data, split))
              .withChannels(resolved.channels());
      case DataConfig.IMAGE_FOLDER -> ImageFolderSource.read(hadoop, resolved, split);
      case DataConfig.PARQUET -> ParquetImageSource.read(hadoop, resolved, split);
      case DataConfig.CIFAR10, DataConfig.CIFAR100 ->
          CifarSource.read(hadoop, resolved, format, split);
      default -> throw new IllegalStateException("Unhandled data.format " + data.format());
    };
  }

  /** Every file of both splits, in a fixed order, for the data fingerprint of a model. */
  public static List<Path> files(Configuration hadoop, DataConfig data) {
    String format = format(hadoop, data);
    if (DataConfig.IDX.equals(format)) {
      return IdxSource.files(hadoop, data);
    }
    if (DataConfig.CIFAR10.equals(format) || DataConfig.CIFAR100.equals(format)) {
      Path dir = CifarSource.dir(hadoop, data);
      List<Path> out = new ArrayList<>(CifarSource.files(hadoop, dir, format, "train"));
      out.addAll(CifarSource.files(hadoop, dir, format, "test"));
      return out;
    }
    List<Path> out = new ArrayList<>();
    for (String split : List.of("train", "test")) {
      Path dir = new Path(data.source(), split);
      List<FileStatus> files =
          DataConfig.PARQUET.equals(format)
              ? ParquetImageSource.files(hadoop, dir)
              : SourceFiles.listRecursively(hadoop, dir, p -> true);
      files.forEach(f -> out.add(f.getPath()));
    }
    return out;
  }

  private static boolean exists(Configuration hadoop, Path p) {
    try {
      return p.getFileSystem(hadoop).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to check " + p, e);
    }
  }
}
