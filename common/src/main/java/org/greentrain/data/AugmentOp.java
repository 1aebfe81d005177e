package org.greentrain.data;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * One image transformation of an {@link AugmentPipeline}, applied to grayscale images stored as
 * row-major {@code float[rows * cols]}.
 *
 * <p>Implementations are immutable and serializable, because Spark ships them to executors, and are
 * called from many task threads at once. They must not allocate per pixel: this is the hot path of
 * data loading.
 */
public interface AugmentOp extends Serializable {

  /**
   * Writes the transformed {@code src} into {@code dst} (same length; src and dst are distinct
   * arrays). Random ops draw only from {@code rng}, which is {@code null} for non-random ops
   * applied to the original copy.
   */
  void apply(float[] src, float[] dst, int rows, int cols, SplittableRandom rng);

  /** False for deterministic ops such as normalisation, which also apply to the original copy. */
  boolean isRandom();
}
