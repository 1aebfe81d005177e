package org.greentrain.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * Floating-point operations to classify one image, counted as 2 per multiply-add of a weight
 * (convolution and dense layers, depthwise and grouped convolutions by their actual weights). Bias
 * additions, normalisations, activations, pooling and residual additions are left out: they are a
 * fraction of a percent for the architectures of {@link ModelSpec}.
 *
 * <p>The count walks the network's DJL block tree: each weight is applied at every output position
 * of its layer (rows x cols of a convolution's output, 1 for a dense layer on a flat input), found
 * from the output shapes the blocks report for a one-image input. Sequential and parallel blocks
 * and layers are walked; a {@code class} network built of other composite blocks cannot be counted.
 *
 * <p>The dense count is what the engine executes; the effective count only counts weights that are
 * not zero, which is what unstructured pruning could save with sparse kernels (DJL's dense kernels
 * do not). Stateless and thread-safe.
 */
public final class Flops {

  private Flops() {}

  /** Operations per image of the full network. */
  public static long densePerImage(ModelSpec spec) {
    long flops = 0;
    for (Applied a : applications(spec)) {
      flops += 2 * a.weights() * a.positions();
    }
    return flops;
  }

  /**
   * Operations per image that involve a non-zero weight of {@code weights}.
   *
   * @throws IllegalArgumentException if the weights do not have the spec's weight tensors
   */
  public static long effectivePerImage(ModelSpec spec, ModelWeights weights) {
    List<Applied> applied = applications(spec);
    long flops = 0;
    int w = 0;
    for (NamedTensor t : weights.tensors()) {
      if (!t.isWeight()) {
        continue;
      }
      if (w >= applied.size()) {
        throw new IllegalArgumentException(
            "Cannot count FLOPs: weights have more weight tensors than the "
                + spec.architecture()
                + " architecture's "
                + applied.size());
      }
      long nonZero = 0;
      for (float v : t.values()) {
        nonZero += v != 0f ? 1 : 0;
      }
      flops += 2 * nonZero * applied.get(w++).positions();
    }
    if (w != applied.size()) {
      throw new IllegalArgumentException(
          "Cannot count FLOPs: weights have "
              + w
              + " weight tensors, the "
              + spec.architecture()
              + " architecture has "
              + applied.size());
    }
    return flops;
  }

  /** One weight tensor: its number of values and how many output positions it is applied at. */
  private record Applied(long weights, long positions) {}

  /** The weight tensors in model order with their positions. */
  private static List<Applied> applications(ModelSpec spec) {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      Block block = spec.newInitialisedBlock(manager);
      List<Applied> out = new ArrayList<>();
      walk(block, new Shape[] {spec.inputShape(1)}, out);
      return out;
    }
  }

  /** Appends the weights of {@code block} in parameter order; returns its output shapes. */
  private static Shape[] walk(Block block, Shape[] in, List<Applied> out) {
    if (block instanceof SequentialBlock) {
      Shape[] shapes = in;
      for (Pair<String, Block> child : block.getChildren()) {
        shapes = walk(child.getValue(), shapes, out);
      }
      return shapes;
    }
    if (block instanceof ParallelBlock) {
      for (Pair<String, Block> child : block.getChildren()) {
        walk(child.getValue(), in, out);
      }
      return block.getOutputShapes(in);
    }
    if (!block.getChildren().isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot count FLOPs: "
              + block.getClass().getName()
              + " is a composite block that is neither sequential nor parallel");
    }
    Shape[] outShapes = block.getOutputShapes(in);
    long positions = 1;
    if (block instanceof Convolution) {
      // (batch, filters, spatial...): every filter slides over each spatial output position.
      positions = product(outShapes[0], 2, outShapes[0].dimension());
    } else if (block instanceof Linear) {
      // A dense layer on (batch, ..., features) is applied at every position of the middle dims.
      positions = product(outShapes[0], 1, outShapes[0].dimension() - 1);
    }
    for (Pair<String, Parameter> p : block.getParameters()) {
      Shape shape = p.getValue().getArray().getShape();
      if (shape.dimension() >= 2) {
        out.add(new Applied(shape.size(), positions));
      }
    }
    return outShapes;
  }

  private static long product(Shape shape, int from, int to) {
    long n = 1;
    for (int d = from; d < to; d++) {
      n *= shape.get(d);
    }
    return n;
  }
}
