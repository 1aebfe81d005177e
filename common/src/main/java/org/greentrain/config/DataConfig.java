package org.greentrain.config;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import org.greentrain.error.UserError;

/**
 * Where the labelled images come from, what they look like and how strictly they are checked.
 *
 * @param format {@code auto}, {@code idx}, {@code image-folder}, {@code parquet}, {@code cifar10}
 *     or {@code cifar100}; auto picks idx when the IDX files are there, cifar10 when {@code
 *     data_batch_1.bin} is, cifar100 when {@code train.bin} is, else parquet when {@code
 *     <source>/train} holds Parquet files, else image-folder
 * @param classes label names in class-index order for image-folder and string Parquet labels; empty
 *     means the sorted names found in the train split
 * @param resize whether images of another size are resized (bilinear) instead of rejected
 * @param labelColumn the Parquet column with the label (integer index or class name)
 * @param imageColumn the Parquet column with the encoded PNG or JPEG bytes
 * @param maxRejectFraction the stage fails when more than this fraction of a split's records is
 *     rejected
 * @param channels 1 (grey) or 3 (RGB), or {@link #CHANNELS_FROM_SOURCE}: idx 1, cifar 3, image
 *     folders and Parquet 3 when the first image of the train split is colour, else 1
 */
public record DataConfig(
    String source,
    int numClasses,
    int rows,
    int cols,
    String format,
    List<String> classes,
    boolean resize,
    String labelColumn,
    String imageColumn,
    double maxRejectFraction,
    OptimizeConfig optimize,
    int channels)
    implements Serializable {

  public static final String AUTO = "auto";
  public static final String IDX = "idx";
  public static final String IMAGE_FOLDER = "image-folder";
  public static final String PARQUET = "parquet";
  public static final String CIFAR10 = "cifar10";
  public static final String CIFAR100 = "cifar100";
  private static final Set<String> FORMATS =
      Set.of(AUTO, IDX, IMAGE_FOLDER, PARQUET, CIFAR10, CIFAR100);

  /** {@code data.channels}: take the channel count from the source. */
  public static final int CHANNELS_FROM_SOURCE = 0;

  public DataConfig {
    if (source == null || source.isBlank()) {
      throw new UserError("Invalid " + ConfigKeys.DATA_SOURCE + ": it is empty");
    }
    Checks.atLeast(ConfigKeys.DATA_NUM_CLASSES, numClasses, 2);
    Checks.atLeast(ConfigKeys.DATA_ROWS, rows, 8);
    Checks.atLeast(ConfigKeys.DATA_COLS, cols, 8);
    if (!FORMATS.contains(format)) {
      throw new UserError(
          "Invalid "
              + ConfigKeys.DATA_FORMAT
              + ": "
              + format
              + " (one of auto, idx, image-folder, parquet, cifar10, cifar100)");
    }
    classes = List.copyOf(classes);
    if (!classes.isEmpty() && classes.size() != numClasses) {
      throw new UserError(
          "Invalid "
              + ConfigKeys.DATA_CLASSES
              + ": "
              + classes.size()
              + " names "
              + classes
              + " but "
              + ConfigKeys.DATA_NUM_CLASSES
              + " is "
              + numClasses);
    }
    if (Set.copyOf(classes).size() != classes.size()) {
      throw new UserError("Invalid " + ConfigKeys.DATA_CLASSES + ": a name repeats in " + classes);
    }
    if (labelColumn == null || labelColumn.isBlank()) {
      throw new UserError("Invalid " + ConfigKeys.DATA_LABEL_COLUMN + ": it is empty");
    }
    if (imageColumn == null || imageColumn.isBlank()) {
      throw new UserError("Invalid " + ConfigKeys.DATA_IMAGE_COLUMN + ": it is empty");
    }
    Checks.range(ConfigKeys.DATA_MAX_REJECT_FRACTION, maxRejectFraction, 0, 1);
    if (optimize == null) {
      throw new UserError("Invalid " + ConfigKeys.DATA_OPTIMIZE + ": missing");
    }
    if (channels != CHANNELS_FROM_SOURCE && channels != 1 && channels != 3) {
      throw new UserError(
          "Invalid "
              + ConfigKeys.DATA_CHANNELS
              + ": "
              + channels
              + " (0 = from the source, 1 = grey, 3 = RGB)");
    }
  }

  /** Channels taken from the source ({@code data.channels = 0}). */
  public DataConfig(
      String source,
      int numClasses,
      int rows,
      int cols,
      String format,
      List<String> classes,
      boolean resize,
      String labelColumn,
      String imageColumn,
      double maxRejectFraction,
      OptimizeConfig optimize) {
    this(
        source,
        numClasses,
        rows,
        cols,
        format,
        classes,
        resize,
        labelColumn,
        imageColumn,
        maxRejectFraction,
        optimize,
        ConfigKeys.DATA_CHANNELS_DEFAULT);
  }

  /** The same source read with {@code channels} channels. */
  public DataConfig withChannels(int channels) {
    return new DataConfig(
        source,
        numClasses,
        rows,
        cols,
        format,
        classes,
        resize,
        labelColumn,
        imageColumn,
        maxRejectFraction,
        optimize,
        channels);
  }

  /** An IDX source with the default checks and no optimisation. */
  public DataConfig(String source, int numClasses, int rows, int cols) {
    this(
        source,
        numClasses,
        rows,
        cols,
        ConfigKeys.DATA_FORMAT_DEFAULT,
        ConfigKeys.DATA_CLASSES_DEFAULT,
        ConfigKeys.DATA_RESIZE_DEFAULT,
        ConfigKeys.DATA_LABEL_COLUMN_DEFAULT,
        ConfigKeys.DATA_IMAGE_COLUMN_DEFAULT,
        ConfigKeys.DATA_MAX_REJECT_FRACTION_DEFAULT,
        OptimizeConfig.OFF);
  }
}
