package org.greentrain.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/** The blocks of the two reference networks, cnn and mlp; see {@link ModelSpec}. */
final class ReferenceBlocks {

  private ReferenceBlocks() {}

  static SequentialBlock build(ModelSpec spec) {
    SequentialBlock block = new SequentialBlock();
    boolean bn = spec.batchNorm();
    if (spec.architecture().equals("cnn")) {
      block.add(conv3x3(spec.widths().get(0)));
      addNormalisedRelu(block, bn);
      block.add(Pool.maxPool2dBlock(new Shape(2, 2))).add(conv3x3(spec.widths().get(1)));
      addNormalisedRelu(block, bn);
      block
          .add(Pool.maxPool2dBlock(new Shape(2, 2)))
          .add(Blocks.batchFlattenBlock())
          .add(Linear.builder().setUnits(spec.widths().get(2)).build());
      addNormalisedRelu(block, bn);
      block.add(Linear.builder().setUnits(spec.classes()).build());
    } else {
      block
          .add(Blocks.batchFlattenBlock())
          .add(Linear.builder().setUnits(spec.widths().get(0)).build());
      addNormalisedRelu(block, bn);
      block.add(Linear.builder().setUnits(spec.classes()).build());
    }
    return block;
  }

  private static Conv2d conv3x3(int filters) {
    return Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(filters).build();
  }

  private static void addNormalisedRelu(SequentialBlock block, boolean batchNorm) {
    if (batchNorm) {
      block.add(BatchNorm.builder().optEpsilon(BatchNormFolding.EPSILON).build());
    }
    block.add(Activation.reluBlock());
  }
}
