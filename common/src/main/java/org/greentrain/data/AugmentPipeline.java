package org.greentrain.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An ordered list of {@link AugmentOp}s that turns one stored image into one training input.
 *
 * <p>Copy 0 of a record is the original: only the non-random ops (such as {@link Normalize}) apply.
 * Copies 1 and up apply every op, all drawing in order from one generator seeded by {@link
 * Seeds#rng(long, long, long)}, so an output depends only on the pixels, {@code seed}, {@code copy}
 * and {@code recordId}: re-running a Spark task, or reading records in a different order,
 * reproduces it bit for bit.
 *
 * <p>Immutable and thread-safe; serializable so Spark can ship it to executors.
 */
public record AugmentPipeline(List<AugmentOp> ops) implements Serializable {

  public AugmentPipeline {
    if (ops == null) {
      throw new IllegalArgumentException("Invalid augmentation ops: null");
    }
    for (int i = 0; i < ops.size(); i++) {
      if (ops.get(i) == null) {
        throw new IllegalArgumentException("Invalid augmentation op at position " + i + ": null");
      }
    }
    // An unmodifiable copy that Java serialization keeps unmodifiable on the executors.
    ops = List.copyOf(new ArrayList<>(ops));
  }

  /** A grey image: {@link #apply(byte[], int, int, int, long, int, long)} with one channel. */
  public float[] apply(byte[] pixels, int rows, int cols, long seed, int copy, long recordId) {
    return apply(pixels, 1, rows, cols, seed, copy, recordId);
  }

  /**
   * Converts unsigned pixel bytes to [0, 1] and applies the ops for the given copy.
   *
   * @param pixels {@code channels * rows * cols} unsigned bytes, channel-planar (CHW)
   * @param copy 0 for the original, 1 and up for augmented copies
   * @return a new array of {@code channels} planes, channel-planar, of {@code rows x cols} unless
   *     an op resized them ({@link AugmentOp#outputRows})
   */
  public float[] apply(
      byte[] pixels, int channels, int rows, int cols, long seed, int copy, long recordId) {
    if (rows <= 0 || cols <= 0 || channels <= 0) {
      throw new IllegalArgumentException(
          "Invalid image size: " + channels + " channels of " + rows + "x" + cols);
    }
    if (pixels.length != channels * rows * cols) {
      throw new IllegalArgumentException(
          "Cannot augment record "
              + recordId
              + ": expected "
              + channels * rows * cols
              + " pixels for "
              + (channels == 1 ? "" : channels + "x")
              + rows
              + "x"
              + cols
              + ", got "
              + pixels.length);
    }
    if (copy < 0) {
      throw new IllegalArgumentException(
          "Invalid copy number for record " + recordId + ": " + copy);
    }
    float[] current = PixelConversion.toUnitFloats(pixels, 0, pixels.length);
    float[] spare = new float[current.length];
    SplittableRandom rng = copy == 0 ? null : Seeds.rng(seed, copy, recordId);
    int r = rows;
    int c = cols;
    for (AugmentOp op : ops) {
      if (copy == 0 && op.isRandom()) {
        continue;
      }
      int outRows = op.outputRows(r);
      int outCols = op.outputCols(c);
      if (spare.length != channels * outRows * outCols) {
        spare = new float[channels * outRows * outCols];
      }
      op.apply(current, spare, channels, r, c, rng);
      float[] swap = current;
      current = spare;
      spare = swap;
      r = outRows;
      c = outCols;
    }
    return current;
  }
}
