package org.greentrain.compress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.greentrain.error.UserError;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.NamedTensor;

/**
 * Structured pruning: removes whole convolution filters and dense units, those of smallest L1 norm
 * in each hidden layer, and slices the weights into a genuinely narrower network of the same
 * architecture. A removed unit takes its row of the layer's weights, its bias and the matching
 * inputs of the next layer with it: input channels of the next convolution, or, after the flatten,
 * the block of dense columns that held its feature map.
 *
 * <p>The output layer is never pruned, so the classes stay; the first layer can be exempted. Every
 * hidden layer keeps at least one unit. The resnet and mobilenet are pruned by channel set, see
 * {@link ZooChannelPruner}; a {@code class:} network is refused. Stateless and thread-safe.
 */
public final class StructuredPruner {

  /**
   * A narrower network.
   *
   * @param spec the architecture with the widths that remain
   * @param weights the sliced weights, in model order, with the same names
   * @param removed per hidden layer, the indices (in the original layer) that were removed,
   *     ascending
   */
  public record Result(ModelSpec spec, ModelWeights weights, List<int[]> removed) {}

  /** The channel block convolutions keep to (AVX-512's 16 floats). */
  static final int BLOCK = 16;

  private StructuredPruner() {}

  /**
   * Removes about {@code fraction} of the units of every prunable hidden layer of {@code weights}
   * ({@link #dropped}), which must be weights of {@code spec}'s architecture.
   *
   * @param fraction share of filters or units to remove per layer, in [0, 1)
   * @param exemptFirstLayer whether the first layer keeps all its filters or units
   * @throws IllegalArgumentException if the fraction is out of range, the weights do not match the
   *     architecture, or no layer may be pruned
   */
  public static Result prune(
      ModelSpec spec, ModelWeights weights, double fraction, boolean exemptFirstLayer) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException(
          "Invalid structured pruning fraction: " + fraction + " (from 0 to below 1)");
    }
    if (!spec.hasPrunableWidths()) {
      throw new UserError(
          "Cannot prune the "
              + spec.modelName()
              + " architecture structurally: structured pruning knows the layers of the cnn,"
              + " mlp, resnet and mobilenet only");
    }
    if (spec.belongsToZoo()) {
      return ZooChannelPruner.prune(spec, weights, fraction, exemptFirstLayer);
    }
    ModelSpec actual = spec.withWidthsOf(weights);
    int hidden = actual.widths().size();
    if (exemptFirstLayer && hidden == 1) {
      throw new UserError(
          "Cannot prune the "
              + spec.architecture()
              + " architecture structurally: its only hidden layer is the first layer, which is"
              + " exempt (compress.structured-exempt-first-layer)");
    }
    List<Integer> layers = weightIndices(weights);
    List<int[]> keep = new ArrayList<>();
    List<int[]> removed = new ArrayList<>();
    List<Integer> widths = new ArrayList<>();
    for (int h = 0; h < hidden; h++) {
      NamedTensor w = weights.tensors().get(layers.get(h));
      int n = w.outputChannels();
      int drop = h == 0 && exemptFirstLayer ? 0 : dropped(n, fraction, w.shape().length == 4);
      int[] gone = smallestRows(w, drop);
      removed.add(gone);
      keep.add(complement(gone, n));
      widths.add(n - drop);
    }
    List<NamedTensor> out = new ArrayList<>(weights.tensors());
    for (int h = 0; h <= hidden; h++) {
      int index = layers.get(h);
      NamedTensor w = weights.tensors().get(index);
      int[] rows = h < hidden ? keep.get(h) : null;
      int[] inputs = h > 0 ? keep.get(h - 1) : null;
      int inputGroups = h > 0 ? actual.widths().get(h - 1) : 1;
      out.set(index, slice(w, rows, inputs, inputGroups));
      if (rows != null) {
        out.set(index + 1, sliceBias(weights.tensors().get(index + 1), rows, w));
      }
    }
    return new Result(actual.withWidths(widths), new ModelWeights(out), removed);
  }

  /**
   * How many of a layer's {@code width} filters or units to remove for {@code fraction}: {@code
   * round(fraction x width)}, at least one left. A convolution as wide as a multiple of 16 keeps
   * the multiple of 16 nearest to what remains (at least 16), since PyTorch's CPU convolutions
   * compute wrong numbers for other channel counts on AVX-512 (see {@link
   * org.greentrain.model.ConvolutionCheck}).
   */
  static int dropped(int width, double fraction, boolean convolution) {
    int drop = (int) Math.min(width - 1, Math.round(fraction * width));
    if (!convolution || width % BLOCK != 0) {
      return drop;
    }
    int kept = (int) Math.round((width - drop) / (double) BLOCK) * BLOCK;
    return width - Math.max(BLOCK, kept);
  }

  /** Indices of the weight tensors (rank 2 or more) in model order. */
  private static List<Integer> weightIndices(ModelWeights weights) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < weights.tensors().size(); i++) {
      if (weights.tensors().get(i).isWeight()) {
        out.add(i);
      }
    }
    return out;
  }

  /** The {@code count} rows of smallest L1 norm, ties to the lower index, ascending. */
  private static int[] smallestRows(NamedTensor w, int count) {
    int n = w.outputChannels();
    int rowSize = w.size() / n;
    double[] norms = new double[n];
    for (int r = 0; r < n; r++) {
      double sum = 0;
      for (int i = r * rowSize; i < (r + 1) * rowSize; i++) {
        sum += Math.abs(w.values()[i]);
      }
      norms[r] = sum;
    }
    return IntStream.range(0, n)
        .boxed()
        .sorted(Comparator.<Integer>comparingDouble(r -> norms[r]).thenComparingInt(r -> r))
        .limit(count)
        .mapToInt(Integer::intValue)
        .sorted()
        .toArray();
  }

  private static int[] complement(int[] gone, int n) {
    return IntStream.range(0, n).filter(i -> Arrays.binarySearch(gone, i) < 0).toArray();
  }

  /**
   * Keeps {@code rows} of dimension 0 (all if null) and, of the {@code inputGroups} equal blocks
   * each row's inputs form (input channels of a kernel, feature maps of a flattened input, single
   * inputs of a dense layer), the blocks {@code inputs} (all if null).
   */
  static NamedTensor slice(NamedTensor w, int[] rows, int[] inputs, int inputGroups) {
    int n = w.outputChannels();
    int rowSize = w.size() / n;
    if (rowSize % inputGroups != 0) {
      throw new IllegalArgumentException(
          "Cannot prune tensor "
              + w.name()
              + " of shape "
              + Arrays.toString(w.shape())
              + ": its "
              + rowSize
              + " inputs per unit do not split into "
              + inputGroups
              + " input channels");
    }
    int group = rowSize / inputGroups;
    int[] keptRows = rows == null ? IntStream.range(0, n).toArray() : rows;
    int[] keptInputs = inputs == null ? IntStream.range(0, inputGroups).toArray() : inputs;
    float[] values = new float[keptRows.length * keptInputs.length * group];
    int at = 0;
    for (int r : keptRows) {
      for (int g : keptInputs) {
        System.arraycopy(w.values(), r * rowSize + g * group, values, at, group);
        at += group;
      }
    }
    long[] shape = w.shape().clone();
    shape[0] = keptRows.length;
    if (inputs == null) {
      // All inputs kept: the image's channels, or a depthwise kernel's single one.
      return new NamedTensor(w.name(), shape, values);
    }
    if (shape.length > 2) {
      // A kernel (out, in, kh, kw): the input channels are dimension 1.
      shape[1] = keptInputs.length;
    } else {
      shape[1] = (long) keptInputs.length * group;
    }
    return new NamedTensor(w.name(), shape, values);
  }

  static NamedTensor sliceBias(NamedTensor bias, int[] rows, NamedTensor weight) {
    if (bias.isWeight() || bias.size() != weight.outputChannels()) {
      throw new IllegalArgumentException(
          "Cannot prune tensor "
              + weight.name()
              + ": it is not"
              + " followed by its bias (found "
              + bias.name()
              + " of shape "
              + Arrays.toString(bias.shape())
              + ")");
    }
    float[] values = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      values[i] = bias.values()[rows[i]];
    }
    return new NamedTensor(bias.name(), new long[] {rows.length}, values);
  }
}
