package org.greentrain.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Which network to train, for {@code channels x rows x cols} images (1 channel for grey, 3 for RGB)
 * and {@code classes} classes. The architecture is fixed by name and hidden widths so that every
 * executor builds the same block and a weight vector means the same thing everywhere.
 *
 * <ul>
 *   <li>{@code cnn}: the reference CNN, Conv 3x3 x{@code widths[0]}, ReLU, MaxPool 2, Conv 3x3
 *       x{@code widths[1]}, ReLU, MaxPool 2, Dense {@code widths[2]}, ReLU, Dense {@code classes};
 *       no padding. Default widths 32, 64, 128 (225,034 parameters on 28x28).
 *   <li>{@code mlp}: Dense {@code widths[0]}, ReLU, Dense {@code classes}; default width 128; fast
 *       enough for tests.
 * </ul>
 *
 * <p>Structured pruning gives narrower widths; the layer order and parameter names stay the same.
 *
 * <p>With {@code batchNorm}, a batch normalisation layer follows every hidden convolution or dense
 * layer, before its ReLU. That network exists only while training: {@link BatchNormFolding} folds
 * each normalisation into the layer before it, which gives the architecture without it, so every
 * published model, compressed or not, has the plain layout.
 *
 * @param widths filters or units of each hidden layer, in model order; null for the defaults
 * @param batchNorm whether to train with batch normalisation after each hidden layer
 */
public record ModelSpec(
    String architecture,
    int channels,
    int rows,
    int cols,
    int classes,
    List<Integer> widths,
    boolean batchNorm)
    implements Serializable {

  public static final List<String> ARCHITECTURES = List.of("cnn", "mlp");

  public ModelSpec {
    if (!ARCHITECTURES.contains(architecture)) {
      throw new IllegalArgumentException(
          "Invalid model architecture: " + architecture + " (known: " + ARCHITECTURES + ")");
    }
    if (channels < 1) {
      throw new IllegalArgumentException("Invalid number of input channels: " + channels);
    }
    if (rows < 8 || cols < 8) {
      throw new IllegalArgumentException(
          "Invalid model input size: " + rows + "x" + cols + " (at least 8x8)");
    }
    if (classes < 2) {
      throw new IllegalArgumentException("Invalid number of classes: " + classes);
    }
    widths = widths == null ? defaultWidths(architecture) : List.copyOf(widths);
    if (widths.size() != defaultWidths(architecture).size()
        || widths.stream().anyMatch(w -> w < 1)) {
      throw new IllegalArgumentException(
          "Invalid widths for the "
              + architecture
              + " architecture: "
              + widths
              + " ("
              + defaultWidths(architecture).size()
              + " hidden layers, each at least 1 wide)");
    }
  }

  /** The architecture with its default widths. */
  public ModelSpec(String architecture, int channels, int rows, int cols, int classes) {
    this(architecture, channels, rows, cols, classes, null);
  }

  /** The architecture with these hidden widths, without batch normalisation. */
  public ModelSpec(
      String architecture, int channels, int rows, int cols, int classes, List<Integer> widths) {
    this(architecture, channels, rows, cols, classes, widths, false);
  }

  /** Hidden widths of the architecture as designed: cnn 32, 64, 128; mlp 128. */
  public static List<Integer> defaultWidths(String architecture) {
    return architecture.equals("cnn") ? List.of(32, 64, 128) : List.of(128);
  }

  /** This architecture with other hidden widths. */
  public ModelSpec withWidths(List<Integer> newWidths) {
    return new ModelSpec(architecture, channels, rows, cols, classes, newWidths, batchNorm);
  }

  /** This network with or without batch normalisation after each hidden layer. */
  public ModelSpec withBatchNorm(boolean on) {
    return new ModelSpec(architecture, channels, rows, cols, classes, widths, on);
  }

  /**
   * This architecture with the hidden widths that {@code weights} have: dimension 0 of every weight
   * tensor but the last.
   *
   * @throws IllegalArgumentException if the weights do not fit the architecture
   */
  public ModelSpec withWidthsOf(ModelWeights weights) {
    List<Integer> found = new ArrayList<>();
    for (NamedTensor t : weights.tensors()) {
      if (t.isWeight()) {
        found.add(t.outputChannels());
      }
    }
    int hidden = defaultWidths(architecture).size();
    if (found.size() != hidden + 1) {
      throw new IllegalArgumentException(
          "Cannot match weights to the "
              + architecture
              + " architecture: they have "
              + found.size()
              + " weight tensors, it has "
              + (hidden + 1));
    }
    if (found.get(hidden) != classes) {
      throw new IllegalArgumentException(
          "Cannot match weights to the "
              + architecture
              + " architecture: the output layer has "
              + found.get(hidden)
              + " units, expected "
              + classes
              + " classes");
    }
    return withWidths(found.subList(0, hidden));
  }

  /** Whether the hidden widths are the architecture's defaults. */
  public boolean hasDefaultWidths() {
    return widths.equals(defaultWidths(architecture));
  }

  /** Input shape of one batch of {@code batch} images: (batch, channels, rows, cols). */
  public Shape inputShape(long batch) {
    return new Shape(batch, channels, rows, cols);
  }

  /** Input values per image, channel planes one after another: channels x rows x cols. */
  public int valuesPerImage() {
    return channels * rows * cols;
  }

  /** Rows and columns of each feature map after the cnn's second pooling: {rows, cols}. */
  public long[] pooledSize() {
    return new long[] {((rows - 2) / 2 - 2) / 2, ((cols - 2) / 2 - 2) / 2};
  }

  /** A new, uninitialised block of this architecture. */
  public SequentialBlock newBlock() {
    SequentialBlock block = new SequentialBlock();
    if (architecture.equals("cnn")) {
      block.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(widths.get(0)).build());
      addNormalisedRelu(block);
      block
          .add(Pool.maxPool2dBlock(new Shape(2, 2)))
          .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(widths.get(1)).build());
      addNormalisedRelu(block);
      block
          .add(Pool.maxPool2dBlock(new Shape(2, 2)))
          .add(Blocks.batchFlattenBlock())
          .add(Linear.builder().setUnits(widths.get(2)).build());
      addNormalisedRelu(block);
      block.add(Linear.builder().setUnits(classes).build());
    } else {
      block.add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(widths.get(0)).build());
      addNormalisedRelu(block);
      block.add(Linear.builder().setUnits(classes).build());
    }
    return block;
  }

  private void addNormalisedRelu(SequentialBlock block) {
    if (batchNorm) {
      block.add(BatchNorm.builder().optEpsilon(BatchNormFolding.EPSILON).build());
    }
    block.add(Activation.reluBlock());
  }
}
