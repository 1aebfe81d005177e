package org.greentrain.data;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * One image transformation of an {@link AugmentPipeline}, applied to images of {@code channels}
 * planes stored channel-planar as {@code float[channels * rows * cols]} (CHW: all of channel 0
 * row-major, then channel 1, ...).
 *
 * <p>A random op draws its parameters once per image and applies them to every channel, so the
 * geometry of all channels stays identical; with one channel it draws exactly what it drew before
 * channels existed, so grey outputs stay bit for bit the same.
 *
 * <p>Implementations are immutable and serializable, because Spark ships them to executors, and are
 * called from many task threads at once. They must not allocate per pixel: this is the hot path of
 * data loading.
 */
public interface AugmentOp extends Serializable {

  /**
   * Writes the transformed {@code src} ({@code channels * rows * cols}) into {@code dst} ({@code
   * channels * outputRows(rows) * outputCols(cols)}, the same length unless the op resizes; src and
   * dst are distinct arrays). Random ops draw only from {@code rng}, which is {@code null} for
   * non-random ops applied to the original copy.
   */
  void apply(float[] src, float[] dst, int channels, int rows, int cols, SplittableRandom rng);

  /** A grey image: {@link #apply(float[], float[], int, int, int, SplittableRandom)} with 1. */
  default void apply(float[] src, float[] dst, int rows, int cols, SplittableRandom rng) {
    apply(src, dst, 1, rows, cols, rng);
  }

  /** The rows of this op's output for an input of {@code rows}; only resizing ops change it. */
  default int outputRows(int rows) {
    return rows;
  }

  /** The columns of this op's output for an input of {@code cols}. */
  default int outputCols(int cols) {
    return cols;
  }

  /** False for deterministic ops such as normalisation, which also apply to the original copy. */
  boolean isRandom();
}
