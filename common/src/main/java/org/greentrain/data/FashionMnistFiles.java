package org.greentrain.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.greentrain.error.UserError;

/**
 * The standard Fashion-MNIST (and MNIST) file names, such as {@code train-images-idx3-ubyte}, each
 * found either gzipped with a {@code .gz} suffix or raw without it; the gzipped one wins when both
 * exist.
 *
 * <p>A split is {@code "train"} or {@code "test"} (stored as {@code t10k}); a kind is {@code
 * "images"} or {@code "labels"}.
 */
public final class FashionMnistFiles {

  public static final String TRAIN = "train";
  public static final String TEST = "test";
  public static final String IMAGES = "images";
  public static final String LABELS = "labels";

  private static final String GZ = ".gz";

  private FashionMnistFiles() {}

  /** The file name without suffix, e.g. {@code t10k-labels-idx1-ubyte} for test labels. */
  public static String baseName(String split, String kind) {
    String prefix =
        switch (split == null ? "" : split) {
          case TRAIN -> "train";
          case TEST -> "t10k";
          default ->
              throw new IllegalArgumentException(
                  "Invalid split: " + split + " (expected " + TRAIN + " or " + TEST + ")");
        };
    String suffix =
        switch (kind == null ? "" : kind) {
          case IMAGES -> "images-idx3-ubyte";
          case LABELS -> "labels-idx1-ubyte";
          default ->
              throw new IllegalArgumentException(
                  "Invalid kind: " + kind + " (expected " + IMAGES + " or " + LABELS + ")");
        };
    return prefix + "-" + suffix;
  }

  /** The accepted names in order of preference: gzipped first, then raw. */
  public static List<String> candidates(String split, String kind) {
    String base = baseName(split, kind);
    return List.of(base + GZ, base);
  }

  /** The first of {@link #candidates} that {@code exists} accepts, if any. */
  public static Optional<String> find(Predicate<String> exists, String split, String kind) {
    return candidates(split, kind).stream().filter(exists).findFirst();
  }

  /**
   * The images file of {@code split} in {@code dir}; fails naming both accepted names if absent.
   */
  public static Path images(Path dir, String split) {
    return resolve(dir, split, IMAGES);
  }

  /**
   * The labels file of {@code split} in {@code dir}; fails naming both accepted names if absent.
   */
  public static Path labels(Path dir, String split) {
    return resolve(dir, split, LABELS);
  }

  private static Path resolve(Path dir, String split, String kind) {
    return find(name -> Files.isRegularFile(dir.resolve(name)), split, kind)
        .map(dir::resolve)
        .orElseThrow(
            () ->
                new UserError(
                    "Cannot find "
                        + split
                        + " "
                        + kind
                        + " in "
                        + dir
                        + ": expected "
                        + String.join(" or ", candidates(split, kind))));
  }
}
