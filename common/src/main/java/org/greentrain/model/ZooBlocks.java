package org.greentrain.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * The blocks of the zoo networks, resnet and mobilenet; see {@link ModelSpec}. Every convolution is
 * followed by a batch normalisation when the spec trains with it, and then has no bias (the
 * normalisation's shift replaces it); folded, each convolution has a bias and no normalisation
 * follows. Padding keeps 3x3 convolutions size-preserving, so any input of at least 8x8 works.
 */
final class ZooBlocks {

  /** Strides of the mobilenet's four depthwise-separable blocks. */
  private static final int[] MOBILENET_STRIDES = {1, 2, 1, 2};

  private ZooBlocks() {}

  static SequentialBlock resnet(ModelSpec spec) {
    boolean bn = spec.batchNorm();
    int perStage = (spec.depth() - 2) / 6;
    SequentialBlock net = new SequentialBlock();
    int in = spec.widths().get(0);
    net.add(conv(in, 3, 1, 1, bn));
    addNorm(net, bn);
    net.add(Activation.reluBlock());
    for (int stage = 0; stage < 3; stage++) {
      int out = spec.widths().get(stage);
      for (int b = 0; b < perStage; b++) {
        int stride = stage > 0 && b == 0 ? 2 : 1;
        net.add(residual(in, out, stride, bn)).add(Activation.reluBlock());
        in = out;
      }
    }
    return head(net, spec.classes());
  }

  /**
   * conv3x3-BN-ReLU-conv3x3-BN plus the shortcut: identity, or 1x1 conv+BN if the shape changes.
   */
  private static Block residual(int in, int out, int stride, boolean bn) {
    SequentialBlock main = new SequentialBlock().add(conv(out, 3, stride, 1, bn));
    addNorm(main, bn);
    main.add(Activation.reluBlock()).add(conv(out, 3, 1, 1, bn));
    addNorm(main, bn);
    Block shortcut;
    if (stride != 1 || in != out) {
      SequentialBlock projection = new SequentialBlock().add(conv(out, 1, stride, 1, bn));
      addNorm(projection, bn);
      shortcut = projection;
    } else {
      shortcut = Blocks.identityBlock();
    }
    return new ParallelBlock(
        branches ->
            new NDList(branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow())),
        List.of(main, shortcut));
  }

  static SequentialBlock mobilenet(ModelSpec spec) {
    boolean bn = spec.batchNorm();
    List<Integer> widths = scaled(spec.widths(), spec.widthMultiplier());
    SequentialBlock net = new SequentialBlock();
    net.add(conv(widths.get(0), 3, 1, 1, bn));
    addNorm(net, bn);
    net.add(Activation.reluBlock());
    for (int b = 0; b < MOBILENET_STRIDES.length; b++) {
      int in = widths.get(b);
      // Depthwise: one 3x3 filter per input channel (groups = channels), weight (in, 1, 3, 3).
      net.add(conv(in, 3, MOBILENET_STRIDES[b], in, bn));
      addNorm(net, bn);
      net.add(Activation.reluBlock()).add(conv(widths.get(b + 1), 1, 1, 1, bn));
      addNorm(net, bn);
      net.add(Activation.reluBlock());
    }
    return head(net, spec.classes());
  }

  /** The channels the stem and stages (resnet) or blocks (mobilenet) of {@code spec} write. */
  static List<Integer> channels(ModelSpec spec) {
    return spec.architecture().equals("mobilenet")
        ? scaled(spec.widths(), spec.widthMultiplier())
        : spec.widths();
  }

  /**
   * The channels that {@code weights}, folded or normalised weights of {@code spec}'s architecture
   * and depth, write where {@link #channels} are counted; null if there are too few weights. A
   * resnet's stage 1 is its stem's, stage 2 and 3 their first convolutions'; a mobilenet's its
   * stem's and its pointwise convolutions'.
   */
  static List<Integer> channelsOf(ModelSpec spec, ModelWeights weights) {
    List<Integer> rows = new java.util.ArrayList<>();
    for (NamedTensor t : weights.tensors()) {
      if (t.isWeight()) {
        rows.add(t.outputChannels());
      }
    }
    int[] at;
    if (spec.architecture().equals("resnet")) {
      int n = (spec.depth() - 2) / 6;
      at = new int[] {0, 1 + 2 * n, 1 + 2 * n + 2 * n + 1};
    } else {
      at = new int[] {0, 2, 4, 6, 8};
    }
    if (rows.size() <= at[at.length - 1]) {
      return null;
    }
    List<Integer> out = new java.util.ArrayList<>();
    for (int i : at) {
      out.add(rows.get(i));
    }
    return out;
  }

  /** The mobilenet's channel counts: each width times the multiplier, rounded, at least 1. */
  static List<Integer> scaled(List<Integer> widths, double multiplier) {
    return widths.stream().map(w -> (int) Math.max(1, Math.round(w * multiplier))).toList();
  }

  private static SequentialBlock head(SequentialBlock net, int classes) {
    return net.add(Pool.globalAvgPool2dBlock())
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(classes).build());
  }

  /** A square convolution; {@code padding} keeps the size for 3x3, none is needed for 1x1. */
  private static Conv2d conv(int filters, int kernel, int stride, int groups, boolean bn) {
    int pad = kernel / 2;
    return Conv2d.builder()
        .setKernelShape(new Shape(kernel, kernel))
        .setFilters(filters)
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(pad, pad))
        .optGroups(groups)
        .optBias(!bn)
        .build();
  }

  private static void addNorm(SequentialBlock block, boolean bn) {
    if (bn) {
      block.add(BatchNorm.builder().optEpsilon(BatchNormFolding.EPSILON).build());
    }
  }
}
