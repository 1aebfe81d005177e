package org.greentrain.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.io.Serializable;
import java.util.List;

/**
 * Which network to train, for single-channel {@code rows x cols} images and {@code classes}
 * classes. The architecture is fixed by name so that every executor builds the same block and
 * a weight vector means the same thing everywhere.
 *
 * <ul>
 *   <li>{@code cnn}: the reference CNN, Conv 3x3x32, ReLU, MaxPool 2, Conv 3x3x64, ReLU, MaxPool
 *       2, Dense 128, ReLU, Dense {@code classes}; no padding (225,034 parameters on 28x28).
 *   <li>{@code mlp}: Dense 128, ReLU, Dense {@code classes}; fast enough for tests.
 * </ul>
 */
public record ModelSpec(String architecture, int rows, int cols, int classes)
    implements Serializable {

  public static final List<String> ARCHITECTURES = List.of("cnn", "mlp");

  public ModelSpec {
    if (!ARCHITECTURES.contains(architecture)) {
      throw new IllegalArgumentException(
          "Invalid model architecture: " + architecture + " (known: " + ARCHITECTURES + ")");
    }
    if (rows < 8 || cols < 8) {
      throw new IllegalArgumentException(
          "Invalid model input size: " + rows + "x" + cols + " (at least 8x8)");
    }
    if (classes < 2) {
      throw new IllegalArgumentException("Invalid number of classes: " + classes);
    }
  }

  /** Input shape of one batch of {@code batch} images: (batch, 1, rows, cols). */
  public Shape inputShape(long batch) {
    return new Shape(batch, 1, rows, cols);
  }

  /** A new, uninitialised block of this architecture. */
  public SequentialBlock newBlock() {
    SequentialBlock block = new SequentialBlock();
    if (architecture.equals("cnn")) {
      block
          .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(32).build())
          .add(Activation.reluBlock())
          .add(Pool.maxPool2dBlock(new Shape(2, 2)))
          .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(64).build())
          .add(Activation.reluBlock())
          .add(Pool.maxPool2dBlock(new Shape(2, 2)))
          .add(Blocks.batchFlattenBlock())
          .add(Linear.builder().setUnits(128).build())
          .add(Activation.reluBlock())
          .add(Linear.builder().setUnits(classes).build());
    } else {
      block
          .add(Blocks.batchFlattenBlock())
          .add(Linear.builder().setUnits(128).build())
          .add(Activation.reluBlock())
          .add(Linear.builder().setUnits(classes).build());
    }
    return block;
  }
}
