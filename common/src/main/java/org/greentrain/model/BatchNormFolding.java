package org.greentrain.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Folds every batch normalisation of a network trained with {@link ModelSpec#batchNorm()} into the
 * convolution or dense layer before it, giving the same network without normalisation layers.
 *
 * <p>In inference mode a normalisation computes {@code y = gamma (x - mean) / sqrt(var + eps) +
 * beta} per output channel, with the running mean and variance. With {@code s = gamma / sqrt(var +
 * eps)}, the layer before it followed by the normalisation is the layer with weights {@code s W}
 * (row by row of output channels) and bias {@code s (b - mean) + beta}, so the folded network gives
 * the same logits and costs nothing extra to store, compress or run.
 */
public final class BatchNormFolding {

  /** The normalisation's epsilon; the folding must divide by the same {@code sqrt(var + eps)}. */
  public static final float EPSILON = 1e-5f;

  private static final String[] NORM_SUFFIXES = {"_gamma", "_beta", "_runningMean", "_runningVar"};

  private BatchNormFolding() {}

  /**
   * The weights of {@code spec} without batch normalisation that compute what {@code trained}, the
   * weights of {@code spec} with it, compute in inference mode.
   *
   * @throws IllegalArgumentException if {@code spec} has no batch normalisation or the weights do
   *     not have its layout
   */
  public static ModelWeights fold(ModelSpec spec, ModelWeights trained) {
    if (!spec.batchNorm()) {
      throw new IllegalArgumentException(
          "Cannot fold batch normalisation: the " + spec.architecture() + " network has none");
    }
    return fold(trained, BlockWeights.fresh(spec.withBatchNorm(false)));
  }

  /**
   * The weights of the plain network that {@code trained}, weights of {@code spec}, compute: folded
   * when {@code spec} trains with batch normalisation, else {@code trained} itself.
   */
  public static ModelWeights toPlain(ModelSpec spec, ModelWeights trained) {
    return spec.batchNorm() ? fold(spec, trained) : trained;
  }

  /**
   * Folds {@code trained} into the layout of {@code plain}: its names and shapes, in its order.
   * Every weight of {@code trained} is followed by its bias, if it has one, and then by the four
   * tensors of a normalisation (gamma, beta, running mean, running variance) or, like the output
   * layer, not. A normalisation that does not follow a convolution or dense layer cannot be folded:
   * it is refused, since the plain network would lack it (the networks of {@link ModelSpec} put
   * every normalisation right after one).
   */
  static ModelWeights fold(ModelWeights trained, ModelWeights plain) {
    return intoLayout(foldedLayers(trained.tensors()), plain.tensors());
  }

  /** A layer's weight and bias values after folding; the bias null for a layer without one. */
  private record Layer(float[] weight, float[] bias) {}

  private static List<Layer> foldedLayers(List<NamedTensor> in) {
    List<Layer> layers = new ArrayList<>();
    int i = 0;
    while (i < in.size()) {
      if (isNorm(in.get(i))) {
        throw layoutError(
            in.get(i), "a convolution or dense layer before the batch normalisation (unfoldable)");
      }
      if (!in.get(i).isWeight()) {
        throw layoutError(in.get(i), "a weight followed by its bias");
      }
      float[] w = in.get(i).values().clone();
      int channels = in.get(i).outputChannels();
      i++;
      float[] b = null;
      if (i < in.size() && !in.get(i).isWeight() && !isNorm(in.get(i))) {
        b = in.get(i).values().clone();
        i++;
      }
      if (i < in.size() && isNorm(in.get(i))) {
        checkNorm(in, i, channels);
        // A convolution without bias before a normalisation gets one: the normalisation's shift.
        b = b == null ? new float[channels] : b;
        scaleIntoLayer(
            w,
            b,
            in.get(i).values(),
            in.get(i + 1).values(),
            in.get(i + 2).values(),
            in.get(i + 3).values());
        i += 4;
      }
      layers.add(new Layer(w, b));
    }
    return layers;
  }

  /** The four tensors of a normalisation from {@code in[i]} on, each of {@code channels}. */
  private static void checkNorm(List<NamedTensor> in, int i, int channels) {
    if (i + 4 > in.size()) {
      throw layoutError(in.get(i), "the four tensors of a batch normalisation");
    }
    for (int k = 0; k < 4; k++) {
      NamedTensor t = in.get(i + k);
      if (!t.name().endsWith(NORM_SUFFIXES[k]) || t.size() != channels) {
        throw layoutError(
            t,
            "a batch normalisation tensor "
                + NORM_SUFFIXES[k].substring(1)
                + " of "
                + channels
                + " values");
      }
    }
  }

  /** The folded layers under the names and shapes of the plain network's tensors. */
  private static ModelWeights intoLayout(List<Layer> layers, List<NamedTensor> target) {
    int tensors = 0;
    for (Layer layer : layers) {
      tensors += layer.bias() == null ? 1 : 2;
    }
    if (target.size() != tensors) {
      throw new IllegalArgumentException(
          "Cannot fold batch normalisation: the folded weights have "
              + tensors
              + " tensors in "
              + layers.size()
              + " layers, the network without normalisation "
              + target.size());
    }
    List<NamedTensor> out = new ArrayList<>();
    int next = 0;
    for (int l = 0; l < layers.size(); l++) {
      Layer layer = layers.get(l);
      out.add(placed(l, layer.weight(), target.get(next++)));
      if (layer.bias() != null) {
        out.add(placed(l, layer.bias(), target.get(next++)));
      }
    }
    return new ModelWeights(out);
  }

  private static NamedTensor placed(int layer, float[] values, NamedTensor t) {
    if (values.length != t.size()) {
      throw new IllegalArgumentException(
          "Cannot fold batch normalisation: layer "
              + layer
              + " has "
              + values.length
              + " values where "
              + t.name()
              + " "
              + Arrays.toString(t.shape())
              + " needs "
              + t.size());
    }
    return new NamedTensor(t.name(), t.shape(), values);
  }

  private static void scaleIntoLayer(
      float[] w, float[] b, float[] gamma, float[] beta, float[] mean, float[] var) {
    int perChannel = w.length / b.length;
    for (int c = 0; c < b.length; c++) {
      double s = gamma[c] / Math.sqrt(var[c] + (double) EPSILON);
      for (int j = c * perChannel; j < (c + 1) * perChannel; j++) {
        w[j] = (float) (w[j] * s);
      }
      b[c] = (float) ((b[c] - mean[c]) * s + beta[c]);
    }
  }

  private static boolean isNorm(NamedTensor t) {
    return t.name().endsWith(NORM_SUFFIXES[0]);
  }

  private static IllegalArgumentException layoutError(NamedTensor found, String expected) {
    return new IllegalArgumentException(
        "Cannot fold batch normalisation: expected "
            + expected
            + ", found "
            + found.name()
            + " "
            + Arrays.toString(found.shape()));
  }
}
