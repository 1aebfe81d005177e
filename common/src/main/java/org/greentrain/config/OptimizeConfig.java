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

  public static final OptimizeConfig OFF = new OptimizeConfig(false, false, 1, 1.0);

  public OptimizeConfig {
    Checks.atLeast("data.optimize.near-duplicate-max-bits", nearDuplicateMaxBits, 0);
    if (nearDuplicateMaxBits > 16) {
      throw new IllegalArgumentException(
          "Invalid data.optimize.near-duplicate-max-bits: "
              + nearDuplicateMaxBits
              + " (at most 16)");
    }
    if (!(balancedFraction > 0 && balancedFraction <= 1)) {
      throw new IllegalArgumentException(
          "Invalid data.optimize.balanced-fraction: "
              + balancedFraction
              + " (above 0 and at most 1)");
    }
  }

  public boolean isActive() {
    return exactDuplicates || nearDuplicates || balancedFraction < 1;
  }
}
