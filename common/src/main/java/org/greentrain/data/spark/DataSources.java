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
 * The data source {@code data.format} names: {@code idx}, {@code image-folder} or {@code parquet};
 * {@code auto} picks idx when the train IDX files are in {@code data.source}, else parquet when
 * {@code <data.source>/train} holds {@code .parquet} files, else image-folder.
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
    Path train = new Path(root, "train");
    if (SourceFiles.isDirectory(hadoop, train)
        && !ParquetImageSource.files(hadoop, train).isEmpty()) {
      return DataConfig.PARQUET;
    }
    return DataConfig.IMAGE_FOLDER;
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
    return switch (format(hadoop, data)) {
      case DataConfig.IDX ->
          SourceData.ofAll(data.source(), split, IdxSource.read(hadoop, data, split));
      case DataConfig.IMAGE_FOLDER -> ImageFolderSource.read(hadoop, data, split);
      case DataConfig.PARQUET -> ParquetImageSource.read(hadoop, data, split);
      default -> throw new IllegalStateException("Unhandled data.format " + data.format());
    };
  }

  /** Every file of both splits, in a fixed order, for the data fingerprint of a model. */
  public static List<Path> files(Configuration hadoop, DataConfig data) {
    String format = format(hadoop, data);
    if (DataConfig.IDX.equals(format)) {
      return IdxSource.files(hadoop, data);
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
