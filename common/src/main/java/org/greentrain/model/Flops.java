package org.greentrain.model;

import java.util.List;

/**
 * Floating-point operations to classify one image, counted as 2 per multiply-add of a weight
 * (convolution and dense layers). Bias additions, activations and pooling are left out: they are a
 * fraction of a percent for the architectures of {@link ModelSpec}.
 *
 * <p>The dense count is what the engine executes; the effective count only counts weights that are
 * not zero, which is what unstructured pruning could save with sparse kernels (DJL's dense kernels
 * do not). Stateless and thread-safe.
 */
public final class Flops {

  private Flops() {}

  /** Operations per image of the full network. */
  public static long densePerImage(ModelSpec spec) {
    long[] positions = positions(spec);
    long flops = 0;
    List<long[]> shapes = weightShapes(spec);
    for (int i = 0; i < shapes.size(); i++) {
      long weights = 1;
      for (long d : shapes.get(i)) {
        weights *= d;
      }
      flops += 2 * weights * positions[i];
    }
    return flops;
  }

  /**
   * Operations per image that involve a non-zero weight of {@code weights}.
   *
   * @throws IllegalArgumentException if the weights do not have the spec's weight tensors
   */
  public static long effectivePerImage(ModelSpec spec, ModelWeights weights) {
    long[] positions = positions(spec);
    long flops = 0;
    int w = 0;
    for (NamedTensor t : weights.tensors()) {
      if (!t.isWeight()) {
        continue;
      }
      if (w >= positions.length) {
        throw new IllegalArgumentException(
            "Cannot count FLOPs: weights have more weight tensors"
                + " than the "
                + spec.architecture()
                + " architecture's "
                + positions.length);
      }
      long nonZero = 0;
      for (float v : t.values()) {
        nonZero += v != 0f ? 1 : 0;
      }
      flops += 2 * nonZero * positions[w++];
    }
    if (w != positions.length) {
      throw new IllegalArgumentException(
          "Cannot count FLOPs: weights have "
              + w
              + " weight"
              + " tensors, the "
              + spec.architecture()
              + " architecture has "
              + positions.length);
    }
    return flops;
  }

  /** Output positions each weight tensor is applied at, in model order. */
  private static long[] positions(ModelSpec spec) {
    if (spec.architecture().equals("cnn")) {
      // 3x3 convolutions without padding, each followed by 2x2 max pooling.
      long r1 = spec.rows() - 2;
      long c1 = spec.cols() - 2;
      long r2 = r1 / 2 - 2;
      long c2 = c1 / 2 - 2;
      return new long[] {r1 * c1, r2 * c2, 1, 1};
    }
    return new long[] {1, 1};
  }

  private static List<long[]> weightShapes(ModelSpec spec) {
    if (spec.architecture().equals("cnn")) {
      long[] pooled = spec.pooledSize();
      long c1 = spec.widths().get(0);
      long c2 = spec.widths().get(1);
      long units = spec.widths().get(2);
      return List.of(
          new long[] {c1, spec.channels(), 3, 3},
          new long[] {c2, c1, 3, 3},
          new long[] {units, c2 * pooled[0] * pooled[1]},
          new long[] {spec.classes(), units});
    }
    long units = spec.widths().get(0);
    return List.of(new long[] {units, spec.valuesPerImage()}, new long[] {spec.classes(), units});
  }
}
