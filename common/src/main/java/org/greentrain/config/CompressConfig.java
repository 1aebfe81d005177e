package org.greentrain.config;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.greentrain.error.UserError;

/**
 * Which compressed variants of the trained model to build.
 *
 * @param variants names such as {@code int8}, {@code int8-per-tensor}, {@code prune-80}, {@code
 *     prune-80+int8}, {@code struct-50}, {@code struct-50+int8}; {@code int8} must be among them,
 *     since it is the published model
 * @param fineTuneRounds local SGD rounds of fine-tuning after pruning, one per step of gradual
 *     pruning; 0 prunes in one shot without fine-tuning
 * @param exemptFirstLayer whether unstructured pruning leaves the first weight tensor whole
 * @param codec the general compressor of the compress stage's model files: {@code deflate} or
 *     {@code zstd}
 * @param structuredExemptFirstLayer whether structured pruning keeps all the first layer's filters;
 *     off by default, since the first layer's activations are most of the inference cost
 *     (docs/compression.md)
 */
public record CompressConfig(
    List<String> variants,
    int fineTuneRounds,
    boolean exemptFirstLayer,
    String codec,
    boolean structuredExemptFirstLayer)
    implements Serializable {

  /** With the default codec, deflate, and structured pruning free to narrow the first layer. */
  public CompressConfig(List<String> variants, int fineTuneRounds, boolean exemptFirstLayer) {
    this(
        variants,
        fineTuneRounds,
        exemptFirstLayer,
        ConfigKeys.COMPRESS_CODEC_DEFAULT,
        ConfigKeys.COMPRESS_STRUCTURED_EXEMPT_FIRST_LAYER_DEFAULT);
  }

  private static final Pattern VARIANT =
      Pattern.compile(
          "int8|int8-per-tensor|(prune|struct)-([1-9][0-9]?)(\\+int8|\\+int8-per-tensor)?");

  public CompressConfig {
    variants = List.copyOf(variants);
    for (String v : variants) {
      if (!VARIANT.matcher(v).matches()) {
        throw new UserError(
            "Invalid "
                + ConfigKeys.COMPRESS_VARIANTS
                + " entry: "
                + v
                + " (int8, int8-per-tensor, prune-<1..99>, prune-<1..99>+int8,"
                + " prune-<1..99>+int8-per-tensor, struct-<1..99>, struct-<1..99>+int8,"
                + " struct-<1..99>+int8-per-tensor)");
      }
    }
    if (new HashSet<>(variants).size() != variants.size()) {
      throw new UserError(
          "Invalid " + ConfigKeys.COMPRESS_VARIANTS + ": duplicate entries in " + variants);
    }
    if (!variants.contains("int8")) {
      throw new UserError(
          "Invalid "
              + ConfigKeys.COMPRESS_VARIANTS
              + ": "
              + variants
              + " must include int8, the variant that is published");
    }
    if (!List.of("deflate", "zstd").contains(codec)) {
      throw new UserError(
          "Invalid " + ConfigKeys.COMPRESS_CODEC + ": " + codec + " (deflate, zstd)");
    }
    if (fineTuneRounds < 0) {
      throw new UserError(
          "Invalid " + ConfigKeys.COMPRESS_FINE_TUNE_ROUNDS + ": " + fineTuneRounds);
    }
  }
}
