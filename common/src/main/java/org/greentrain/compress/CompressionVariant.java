package org.greentrain.compress;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.greentrain.error.UserError;
import org.greentrain.model.ModelWeights;

/**
 * One compressed form of a trained model, named as in {@code compress.variants}: optional global
 * magnitude pruning ({@code prune-NN}, NN percent of the weights) or structured pruning ({@code
 * struct-NN}, NN percent of the filters and units of every prunable layer removed), then optional
 * int8 quantization ({@code int8} per output channel, {@code int8-per-tensor}).
 *
 * @param name the configured name, for example {@code prune-80+int8}
 * @param sparsity fraction of weights pruned, 0 for none
 * @param quantization int8 granularity, or {@link Granularity#NONE} to keep fp32
 * @param structured fraction of filters and units removed per layer, 0 for none
 */
public record CompressionVariant(
    String name, double sparsity, Granularity quantization, double structured) {

  /** The names {@link #parse} accepts, for messages. */
  public static final String FORMS =
      "int8, int8-per-tensor, prune-NN, prune-NN+int8,"
          + " prune-NN+int8-per-tensor, struct-NN, struct-NN+int8, struct-NN+int8-per-tensor";

  private static final Pattern NAME =
      Pattern.compile("(?:(prune|struct)-([1-9][0-9]?)(?:\\+|$))?(int8|int8-per-tensor)?");

  /** A variant without structured pruning. */
  public CompressionVariant(String name, double sparsity, Granularity quantization) {
    this(name, sparsity, quantization, 0);
  }

  /**
   * Parses a variant name.
   *
   * @throws UserError if the name is not one of the supported forms
   */
  public static CompressionVariant parse(String name) {
    Matcher m = NAME.matcher(name == null ? "" : name);
    if (name == null || name.isEmpty() || name.endsWith("+") || !m.matches()) {
      throw new UserError("Invalid compression variant: " + name + " (" + FORMS + ")");
    }
    double fraction = m.group(2) == null ? 0 : Integer.parseInt(m.group(2)) / 100.0;
    boolean structured = "struct".equals(m.group(1));
    Granularity q =
        m.group(3) == null
            ? Granularity.NONE
            : m.group(3).equals("int8") ? Granularity.PER_CHANNEL : Granularity.PER_TENSOR;
    return new CompressionVariant(name, structured ? 0 : fraction, q, structured ? fraction : 0);
  }

  /** Whether the variant prunes single weights (unstructured). */
  public boolean isPruned() {
    return sparsity > 0;
  }

  /** Whether the variant removes whole filters and units, giving a narrower network. */
  public boolean isStructured() {
    return structured > 0;
  }

  /** Whether the variant's artifact holds int8 codes; otherwise it is an fp32 file. */
  public boolean isQuantized() {
    return quantization != Granularity.NONE;
  }

  /** The artifact's file name, {@code model-<name>.gtm} with '+' written as '-'. */
  public String fileName() {
    return "model-" + name.replace('+', '-') + ".gtm";
  }

  /** Quantizes {@code weights} as this variant asks. */
  public QuantizedModel quantize(ModelWeights weights) {
    return switch (quantization) {
      case PER_CHANNEL -> Int8Quantizer.quantizePerChannel(weights);
      case PER_TENSOR -> Int8Quantizer.quantizePerTensor(weights);
      case NONE ->
          throw new IllegalStateException(
              "Cannot quantize for variant " + name + ": it keeps fp32 weights");
    };
  }
}
