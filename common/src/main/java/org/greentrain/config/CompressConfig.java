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
 * @param fineTune how fine-tuning chooses its rounds, its rate and whether it distils
 * @param structured where structured variants fine-tune otherwise than unstructured ones
 */
public record CompressConfig(
    List<String> variants,
    int fineTuneRounds,
    boolean exemptFirstLayer,
    String codec,
    boolean structuredExemptFirstLayer,
    FineTune fineTune,
    StructuredFineTune structured)
    implements Serializable {

  /**
   * How pruned models are fine-tuned.
   *
   * @param patience validated rounds without improvement before fine-tuning stops; 0 never stops
   * @param learningRateFraction the fine-tuning rate as a fraction of {@code train.learning-rate},
   *     in (0, 1]
   * @param validationFraction share of the records held out to choose the round when the train
   *     stage holds out none, in [0, 1)
   * @param distill whether the fp32 model teaches the pruned one (knowledge distillation)
   * @param temperature the distillation temperature T, above 0
   * @param weight the share w of the distillation term in the loss, in [0, 1]
   */
  public record FineTune(
      int patience,
      double learningRateFraction,
      double validationFraction,
      boolean distill,
      double temperature,
      double weight)
      implements Serializable {

    /** The defaults of conf/application.conf. */
    public static final FineTune DEFAULT =
        new FineTune(
            ConfigKeys.COMPRESS_FINE_TUNE_PATIENCE_DEFAULT,
            ConfigKeys.COMPRESS_FINE_TUNE_LR_FRACTION_DEFAULT,
            ConfigKeys.COMPRESS_FINE_TUNE_VALIDATION_FRACTION_DEFAULT,
            ConfigKeys.COMPRESS_DISTILL_DEFAULT,
            ConfigKeys.COMPRESS_DISTILL_TEMPERATURE_DEFAULT,
            ConfigKeys.COMPRESS_DISTILL_WEIGHT_DEFAULT);

    public FineTune {
      Checks.atLeast(ConfigKeys.COMPRESS_FINE_TUNE_PATIENCE, patience, 0);
      Checks.positiveFraction(ConfigKeys.COMPRESS_FINE_TUNE_LR_FRACTION, learningRateFraction);
      Checks.belowOne(ConfigKeys.COMPRESS_FINE_TUNE_VALIDATION_FRACTION, validationFraction);
      if (!(temperature > 0) || Double.isInfinite(temperature)) {
        throw new UserError(
            "Invalid "
                + ConfigKeys.COMPRESS_DISTILL_TEMPERATURE
                + ": "
                + temperature
                + " (above 0)");
      }
      Checks.range(ConfigKeys.COMPRESS_DISTILL_WEIGHT, weight, 0, 1);
    }

    /** The same settings with distillation on or off. */
    public FineTune withDistill(boolean on) {
      return new FineTune(
          patience, learningRateFraction, validationFraction, on, temperature, weight);
    }
  }

  /**
   * The fine-tuning settings of structured variants ({@code compress.struct-fine-tune-*}) that
   * differ from those of unstructured pruning: a narrower network needs training again, a sparse
   * one only touching up (docs/compression.md). A null takes the {@code compress.fine-tune-*}
   * value.
   */
  public record StructuredFineTune(
      Integer rounds, Integer patience, Double learningRateFraction, Double validationFraction)
      implements Serializable {

    /** Every setting as for unstructured pruning. */
    public static final StructuredFineTune SAME = new StructuredFineTune(null, null, null, null);

    public StructuredFineTune {
      if (rounds != null) {
        Checks.atLeast(ConfigKeys.COMPRESS_STRUCT_FINE_TUNE_ROUNDS, rounds, 0);
      }
      if (patience != null) {
        Checks.atLeast(ConfigKeys.COMPRESS_STRUCT_FINE_TUNE_PATIENCE, patience, 0);
      }
      if (learningRateFraction != null) {
        Checks.positiveFraction(
            ConfigKeys.COMPRESS_STRUCT_FINE_TUNE_LR_FRACTION, learningRateFraction);
      }
      if (validationFraction != null) {
        Checks.belowOne(
            ConfigKeys.COMPRESS_STRUCT_FINE_TUNE_VALIDATION_FRACTION, validationFraction);
      }
    }
  }

  /**
   * The settings structured variants fine-tune with: these, with {@link #structured()}'s overrides
   * in place of the unstructured ones.
   */
  public CompressConfig forStructured() {
    FineTune f =
        new FineTune(
            orElse(structured.patience(), fineTune.patience()),
            orElse(structured.learningRateFraction(), fineTune.learningRateFraction()),
            orElse(structured.validationFraction(), fineTune.validationFraction()),
            fineTune.distill(),
            fineTune.temperature(),
            fineTune.weight());
    return new CompressConfig(
        variants,
        orElse(structured.rounds(), fineTuneRounds),
        exemptFirstLayer,
        codec,
        structuredExemptFirstLayer,
        f,
        StructuredFineTune.SAME);
  }

  private static <T> T orElse(T override, T value) {
    return override != null ? override : value;
  }

  /** With the default codec, deflate, and structured pruning free to narrow the first layer. */
  public CompressConfig(List<String> variants, int fineTuneRounds, boolean exemptFirstLayer) {
    this(
        variants,
        fineTuneRounds,
        exemptFirstLayer,
        ConfigKeys.COMPRESS_CODEC_DEFAULT,
        ConfigKeys.COMPRESS_STRUCTURED_EXEMPT_FIRST_LAYER_DEFAULT);
  }

  /** With the default fine-tuning settings of conf/application.conf. */
  public CompressConfig(
      List<String> variants,
      int fineTuneRounds,
      boolean exemptFirstLayer,
      String codec,
      boolean structuredExemptFirstLayer) {
    this(
        variants,
        fineTuneRounds,
        exemptFirstLayer,
        codec,
        structuredExemptFirstLayer,
        FineTune.DEFAULT,
        StructuredFineTune.SAME);
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
    if (fineTune == null || structured == null) {
      throw new IllegalArgumentException("Invalid compress fine-tuning settings: null");
    }
    if (fineTuneRounds < 0) {
      throw new UserError(
          "Invalid " + ConfigKeys.COMPRESS_FINE_TUNE_ROUNDS + ": " + fineTuneRounds);
    }
  }
}
