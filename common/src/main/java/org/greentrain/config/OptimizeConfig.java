package org.greentrain.config;

import java.io.Serializable;

/**
 * The data optimisation applied to the training split before augmentation, in this order: exact
 * duplicates, near duplicates, class-balanced subsampling. Off by default.
 *
 * @param exactDuplicates drop an image whose pixels equal an earlier record's
 * @param nearDuplicates drop an image whose 64-bit difference hash is within {@code
 *     nearDuplicateMaxBits} bits of an earlier kept record's
 * @param nearDuplicateMaxBits Hamming distance threshold, 0 to 16
 * @param balancedFraction keep this fraction of the records, split equally over the classes (1
 *     keeps all)
 */
public record OptimizeConfig(
    boolean exactDuplicates,
    boolean nearDuplicates,
    int nearDuplicateMaxBits,
    double balancedFraction)
    implements Serializable {

  /** No optimisation: the defaults of {@code data.optimize}. */
  public static final OptimizeConfig OFF =
      new OptimizeConfig(
          ConfigKeys.DATA_OPTIMIZE_EXACT_DUPLICATES_DEFAULT,
          ConfigKeys.DATA_OPTIMIZE_NEAR_DUPLICATES_DEFAULT,
          ConfigKeys.DATA_OPTIMIZE_NEAR_DUPLICATE_MAX_BITS_DEFAULT,
          ConfigKeys.DATA_OPTIMIZE_BALANCED_FRACTION_DEFAULT);

  public OptimizeConfig {
    Checks.atLeast(ConfigKeys.DATA_OPTIMIZE_NEAR_DUPLICATE_MAX_BITS, nearDuplicateMaxBits, 0);
    Checks.atMost(ConfigKeys.DATA_OPTIMIZE_NEAR_DUPLICATE_MAX_BITS, nearDuplicateMaxBits, 16);
    Checks.positiveFraction(ConfigKeys.DATA_OPTIMIZE_BALANCED_FRACTION, balancedFraction);
  }

  public boolean isActive() {
    return exactDuplicates || nearDuplicates || balancedFraction < 1;
  }
}
