package org.greentrain.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which network to train, for {@code channels x rows x cols} images (1 channel for grey, 3 for RGB)
 * and {@code classes} classes. The architecture is fixed by name, hidden widths, depth, width
 * multiplier and factory class so that every executor builds the same block and a weight vector
 * means the same thing everywhere; a manifest that holds these fields rebuilds the exact network.
 *
 * <ul>
 *   <li>{@code cnn}: the reference CNN, Conv 3x3 x{@code widths[0]}, ReLU, MaxPool 2, Conv 3x3
 *       x{@code widths[1]}, ReLU, MaxPool 2, Dense {@code widths[2]}, ReLU, Dense {@code classes};
 *       no padding. Default widths 32, 64, 128 (225,034 parameters on 28x28).
 *   <li>{@code mlp}: Dense {@code widths[0]}, ReLU, Dense {@code classes}; default width 128; fast
 *       enough for tests.
 *   <li>{@code resnet}: CIFAR-style ResNet of {@code depth} = 6n+2 layers (He et al. 2016): a 3x3
 *       stem convolution of {@code widths[0]} filters, 3 stages of n basic residual blocks of
 *       {@code widths[0..2]} channels (stride 2 at the start of stages 2 and 3, with a 1x1
 *       projection shortcut where the shape changes), global average pooling, Dense {@code
 *       classes}. Default widths 16, 32, 64; default depth 20.
 *   <li>{@code mobilenet}: MobileNet v1-style (Howard et al. 2017): a 3x3 stem convolution of
 *       {@code widths[0]} filters, then 4 depthwise-separable blocks to {@code widths[1..4]}
 *       channels with strides 1, 2, 1, 2, global average pooling, Dense {@code classes}. Default
 *       widths 32, 64, 128, 128, 256, each scaled by {@code widthMultiplier}.
 *   <li>{@code class}: the block a user's {@link ModelFactory} named {@code factoryClass} builds.
 * </ul>
 *
 * <p>Structured pruning gives the cnn and mlp narrower widths; the layer order and parameter names
 * stay the same.
 *
 * <p>With {@code batchNorm}, a batch normalisation layer follows every hidden convolution or dense
 * layer of the cnn and mlp, before its ReLU, and every convolution of the resnet and mobilenet
 * (whose convolutions then have no bias). That network exists only while training: {@link
 * BatchNormFolding} folds each normalisation into the layer before it, which gives the architecture
 * without it ({@code batchNorm} false), so every published model, compressed or not, has that
 * layout. The resnet and mobilenet always train with it. A {@code class} network is what its
 * factory builds; {@code batchNorm} is false for it and nothing is folded.
 *
 * @param widths filters or units of each hidden layer (cnn, mlp) or stage (resnet, mobilenet) in
 *     model order; null for the defaults; empty for a {@code class} network
 * @param batchNorm whether to train with batch normalisation (false: plain or folded)
 * @param depth layers of the resnet (6n+2); 0 for every other architecture
 * @param widthMultiplier scales the mobilenet's widths; 1 for every other architecture
 * @param factoryClass the {@link ModelFactory} of a {@code class} network; null for the others
 */
public record ModelSpec(
    String architecture,
    int channels,
    int rows,
    int cols,
    int classes,
    List<Integer> widths,
    boolean batchNorm,
    int depth,
    double widthMultiplier,
    @JsonInclude(JsonInclude.Include.NON_NULL) String factoryClass)
    implements Serializable {

  public static final List<String> ARCHITECTURES =
      List.of("cnn", "mlp", "resnet", "mobilenet", "class");

  /** The prefix of {@code train.model} that names a {@link ModelFactory} class. */
  public static final String CLASS_PREFIX = "class:";

  /** The resnet's depth unless configured. */
  public static final int DEFAULT_RESNET_DEPTH = 20;

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
              + " widths, each at least 1)");
    }
    checkVariant(architecture, batchNorm, depth, widthMultiplier, factoryClass);
  }

  private static void checkVariant(
      String architecture, boolean batchNorm, int depth, double multiplier, String factory) {
    boolean resnet = architecture.equals("resnet");
    if (resnet ? depth < 8 || (depth - 2) % 6 != 0 : depth != 0) {
      throw new IllegalArgumentException(
          "Invalid depth for the "
              + architecture
              + " architecture: "
              + depth
              + (resnet ? " (6n+2 with n at least 1: 8, 14, 20, ...)" : " (only resnet has one)"));
    }
    boolean mobilenet = architecture.equals("mobilenet");
    if (mobilenet ? !(multiplier > 0 && multiplier <= 4) : multiplier != 1.0) {
      throw new IllegalArgumentException(
          "Invalid width multiplier for the "
              + architecture
              + " architecture: "
              + multiplier
              + (mobilenet ? " (above 0, at most 4)" : " (only mobilenet has one)"));
    }
    boolean byClass = architecture.equals("class");
    if (byClass != (factory != null) || (byClass && (factory.isBlank() || batchNorm))) {
      throw new IllegalArgumentException(
          "Invalid factory class for the "
              + architecture
              + " architecture: "
              + factory
              + (byClass
                  ? " (a class name; a class network is never folded, so without batchNorm)"
                  : " (only a class network has one)"));
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

  /** A cnn, mlp, or a resnet of the default depth, or a mobilenet of multiplier 1. */
  public ModelSpec(
      String architecture,
      int channels,
      int rows,
      int cols,
      int classes,
      List<Integer> widths,
      boolean batchNorm) {
    this(
        architecture,
        channels,
        rows,
        cols,
        classes,
        widths,
        batchNorm,
        architecture.equals("resnet") ? DEFAULT_RESNET_DEPTH : 0,
        1.0,
        null);
  }

  /**
   * The network {@code train.model} names: an architecture or {@code class:<name>}. Depth applies
   * to the resnet only and the width multiplier to the mobilenet only; empty widths mean the
   * architecture's defaults.
   */
  public static ModelSpec of(
      String model,
      int channels,
      int rows,
      int cols,
      int classes,
      int depth,
      List<Integer> widths,
      double widthMultiplier) {
    List<Integer> w = widths.isEmpty() ? null : widths;
    if (model.startsWith(CLASS_PREFIX)) {
      String name = model.substring(CLASS_PREFIX.length());
      return new ModelSpec("class", channels, rows, cols, classes, w, false, 0, 1.0, name);
    }
    return new ModelSpec(
        model,
        channels,
        rows,
        cols,
        classes,
        w,
        false,
        model.equals("resnet") ? depth : 0,
        model.equals("mobilenet") ? widthMultiplier : 1.0,
        null);
  }

  /**
   * Widths of the architecture as designed: cnn 32, 64, 128; mlp 128; resnet 16, 32, 64; mobilenet
   * 32, 64, 128, 128, 256; none for a class network.
   */
  public static List<Integer> defaultWidths(String architecture) {
    return switch (architecture) {
      case "cnn" -> List.of(32, 64, 128);
      case "resnet" -> List.of(16, 32, 64);
      case "mobilenet" -> List.of(32, 64, 128, 128, 256);
      case "class" -> List.of();
      default -> List.of(128);
    };
  }

  /** Whether this is a zoo network (resnet, mobilenet), which always trains with normalisation. */
  public boolean belongsToZoo() {
    return architecture.equals("resnet") || architecture.equals("mobilenet");
  }

  /** Whether structured pruning knows this architecture's layers: all but a class network. */
  public boolean hasPrunableWidths() {
    return !architecture.equals("class");
  }

  /** What {@code train.model} names this network by: the architecture or {@code class:<name>}. */
  public String modelName() {
    return factoryClass == null ? architecture : CLASS_PREFIX + factoryClass;
  }

  /** This architecture with other hidden widths. */
  public ModelSpec withWidths(List<Integer> newWidths) {
    return new ModelSpec(
        architecture,
        channels,
        rows,
        cols,
        classes,
        newWidths,
        batchNorm,
        depth,
        widthMultiplier,
        factoryClass);
  }

  /**
   * This architecture with these channel counts: {@link #withWidths} for all but the mobilenet,
   * whose widths are scaled by its multiplier; for it the counts become the widths, multiplier 1.
   */
  public ModelSpec withChannelWidths(List<Integer> channels) {
    if (!architecture.equals("mobilenet")) {
      return withWidths(channels);
    }
    return new ModelSpec(
        architecture, channels(), rows, cols, classes, channels, batchNorm, depth, 1.0, null);
  }

  /** This network with or without batch normalisation after each hidden layer. */
  public ModelSpec withBatchNorm(boolean on) {
    return new ModelSpec(
        architecture,
        channels,
        rows,
        cols,
        classes,
        widths,
        on,
        depth,
        widthMultiplier,
        factoryClass);
  }

  /**
   * This network as it trains: with batch normalisation when {@code configured} or when it is a zoo
   * network, which always trains with it; a class network as its factory builds it.
   */
  public ModelSpec forTraining(boolean configured) {
    return withBatchNorm(!architecture.equals("class") && (configured || belongsToZoo()));
  }

  /**
   * This architecture with the hidden widths that {@code weights} have: for the cnn and mlp,
   * dimension 0 of every weight tensor but the last; for the resnet and mobilenet the channels
   * their stem and stages (resnet) or blocks (mobilenet) write, as structured pruning leaves them.
   * The weights must then have exactly the tensor names and shapes of that network; a class
   * network's those of this one.
   *
   * @throws IllegalArgumentException if the weights do not fit the architecture
   */
  public ModelSpec withWidthsOf(ModelWeights weights) {
    if (architecture.equals("class")) {
      requireLayout(weights);
      return this;
    }
    if (belongsToZoo()) {
      ModelSpec found = this;
      List<Integer> channels = ZooBlocks.channelsOf(this, weights);
      if (channels != null && !channels.equals(ZooBlocks.channels(this))) {
        found = withChannelWidths(channels);
      }
      found.requireLayout(weights);
      return found;
    }
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

  private void requireLayout(ModelWeights weights) {
    List<NamedTensor> want = BlockWeights.fresh(this).tensors();
    List<NamedTensor> got = weights.tensors();
    for (int i = 0; i < Math.max(want.size(), got.size()); i++) {
      NamedTensor w = i < want.size() ? want.get(i) : null;
      NamedTensor g = i < got.size() ? got.get(i) : null;
      if (w == null
          || g == null
          || !w.name().equals(g.name())
          || !Arrays.equals(w.shape(), g.shape())) {
        throw new IllegalArgumentException(
            "Cannot match weights to the "
                + modelName()
                + " architecture: tensor "
                + i
                + " is "
                + describe(g)
                + " in the weights, "
                + describe(w)
                + " in the network");
      }
    }
  }

  private static String describe(NamedTensor t) {
    return t == null ? "missing" : t.name() + " " + Arrays.toString(t.shape());
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

  /**
   * A new, uninitialised block of this network.
   *
   * @throws org.greentrain.error.UserError if a class network's factory cannot be loaded or fails
   */
  public SequentialBlock newBlock() {
    return switch (architecture) {
      case "resnet" -> ZooBlocks.resnet(this);
      case "mobilenet" -> ZooBlocks.mobilenet(this);
      case "class" -> new SequentialBlock().add(ModelFactories.build(this));
      default -> ReferenceBlocks.build(this);
    };
  }

  /**
   * A new block of this network, initialised for a float32 input on {@code manager}'s device; the
   * weights are the engine's and carry no meaning. Code that computes with it checks it first
   * ({@link ConvolutionCheck}).
   *
   * @throws org.greentrain.error.UserError if a class network's factory cannot be loaded or fails
   */
  public SequentialBlock newInitialisedBlock(NDManager manager) {
    SequentialBlock block = newBlock();
    block.initialize(manager, DataType.FLOAT32, inputShape(1));
    return block;
  }
}
