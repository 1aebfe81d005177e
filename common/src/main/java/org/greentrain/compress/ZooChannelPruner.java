package org.greentrain.compress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.NamedTensor;

/**
 * Structured pruning of the folded resnet and mobilenet. Channels are removed by channel set: the
 * channels that one set of layers writes and others read. A resnet stage's block outputs, its
 * projection and (stage 1) the stem write one set, since the residual additions tie them together;
 * each block's inner convolution writes its own. A mobilenet block's depthwise convolution keeps
 * the channels of its input: it is sliced with the set the pointwise convolution before it writes.
 *
 * <p>In every set the channels of smallest L1 norm ({@link StructuredPruner#dropped} of them),
 * summed over the rows of every layer that writes it, go (at least one stays); they take their
 * rows, biases and the matching inputs of every reader with them. The widths that remain describe
 * the network: a resnet's inner sets are pruned by the same count as their stage, so they stay as
 * wide as it.
 */
final class ZooChannelPruner {

  /** Marks a layer input or output that is not a channel set: the image or the classes. */
  private static final int NONE = -1;

  /**
   * One weight tensor: the sets its rows (dimension 0) and inputs (dimension 1) belong to.
   *
   * @param weight index of the weight tensor; its bias follows it
   * @param writes whether its rows score the output set (a depthwise kernel only follows it)
   */
  private record Layer(int weight, int out, int in, boolean writes) {}

  private ZooChannelPruner() {}

  static StructuredPruner.Result prune(
      ModelSpec spec, ModelWeights weights, double fraction, boolean exemptFirstStage) {
    ModelSpec actual = spec.withWidthsOf(weights);
    List<Integer> index = weightIndices(weights);
    List<Layer> layers = new ArrayList<>();
    int sets =
        spec.architecture().equals("resnet")
            ? resnet(actual, index, layers)
            : mobilenet(index, layers);
    int[] width = new int[sets];
    double[][] norms = new double[sets][];
    for (Layer l : layers) {
      NamedTensor w = weights.tensors().get(l.weight());
      if (l.out() != NONE && l.writes()) {
        width[l.out()] = w.outputChannels();
        norms[l.out()] = addRowNorms(norms[l.out()], w);
      }
    }
    List<int[]> keep = new ArrayList<>();
    List<int[]> removed = new ArrayList<>();
    for (int s = 0; s < sets; s++) {
      boolean exempt = exemptFirstStage && firstStage(spec, s, actual);
      int drop = exempt ? 0 : StructuredPruner.dropped(width[s], fraction, true);
      int[] gone = smallest(norms[s], drop);
      removed.add(gone);
      keep.add(
          IntStream.range(0, width[s]).filter(i -> Arrays.binarySearch(gone, i) < 0).toArray());
    }
    List<NamedTensor> out = new ArrayList<>(weights.tensors());
    for (Layer l : layers) {
      NamedTensor w = weights.tensors().get(l.weight());
      int[] rows = l.out() == NONE ? null : keep.get(l.out());
      boolean readsSet = l.in() != NONE && l.writes();
      int[] inputs = readsSet ? keep.get(l.in()) : null;
      out.set(l.weight(), StructuredPruner.slice(w, rows, inputs, readsSet ? width[l.in()] : 1));
      if (rows != null) {
        out.set(
            l.weight() + 1,
            StructuredPruner.sliceBias(weights.tensors().get(l.weight() + 1), rows, w));
      }
    }
    List<Integer> widths = new ArrayList<>();
    int named = spec.architecture().equals("resnet") ? 3 : 5;
    for (int s = 0; s < named; s++) {
      widths.add(keep.get(s).length);
    }
    return new StructuredPruner.Result(
        actual.withChannelWidths(widths), new ModelWeights(out), removed);
  }

  /**
   * The resnet's layers in parameter order: stem, then per block conv1, conv2 and, where the shape
   * changes, the projection; the dense layer. Sets 0-2 are the stages', 3 on the blocks' inner
   * ones.
   */
  private static int resnet(ModelSpec spec, List<Integer> index, List<Layer> layers) {
    int perStage = (spec.depth() - 2) / 6;
    int w = 0;
    int sets = 3;
    layers.add(new Layer(index.get(w++), 0, NONE, true));
    int in = 0;
    for (int stage = 0; stage < 3; stage++) {
      for (int b = 0; b < perStage; b++) {
        int inner = sets++;
        layers.add(new Layer(index.get(w++), inner, in, true));
        layers.add(new Layer(index.get(w++), stage, inner, true));
        if (stage > 0 && b == 0) {
          layers.add(new Layer(index.get(w++), stage, in, true));
        }
        in = stage;
      }
    }
    layers.add(new Layer(index.get(w), NONE, 2, true));
    return sets;
  }

  /**
   * The mobilenet's layers: stem; per block depthwise (follows set b), pointwise (b to b+1); dense.
   */
  private static int mobilenet(List<Integer> index, List<Layer> layers) {
    int w = 0;
    layers.add(new Layer(index.get(w++), 0, NONE, true));
    for (int b = 0; b < 4; b++) {
      layers.add(new Layer(index.get(w++), b, b, false));
      layers.add(new Layer(index.get(w++), b + 1, b, true));
    }
    layers.add(new Layer(index.get(w), NONE, 4, true));
    return 5;
  }

  /** Whether set {@code s} belongs to the first stage: the stem's set, and a resnet's stage 1. */
  private static boolean firstStage(ModelSpec spec, int s, ModelSpec actual) {
    if (s == 0) {
      return true;
    }
    // The resnet's inner sets of stage 1 stay as wide as the stage.
    int perStage = (actual.depth() - 2) / 6;
    return spec.architecture().equals("resnet") && s >= 3 && s < 3 + perStage;
  }

  private static double[] addRowNorms(double[] sums, NamedTensor w) {
    int n = w.outputChannels();
    int rowSize = w.size() / n;
    double[] out = sums == null ? new double[n] : sums;
    for (int r = 0; r < n; r++) {
      for (int i = r * rowSize; i < (r + 1) * rowSize; i++) {
        out[r] += Math.abs(w.values()[i]);
      }
    }
    return out;
  }

  /** The {@code count} channels of smallest norm, ties to the lower index, ascending. */
  private static int[] smallest(double[] norms, int count) {
    return IntStream.range(0, norms.length)
        .boxed()
        .sorted(Comparator.<Integer>comparingDouble(r -> norms[r]).thenComparingInt(r -> r))
        .limit(count)
        .mapToInt(Integer::intValue)
        .sorted()
        .toArray();
  }

  private static List<Integer> weightIndices(ModelWeights weights) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < weights.tensors().size(); i++) {
      if (weights.tensors().get(i).isWeight()) {
        out.add(i);
      }
    }
    return out;
  }
}
