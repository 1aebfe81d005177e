package org.greentrain.config;

import org.greentrain.error.UserError;

/**
 * The range checks of config values, with messages that name the key and the bad value ("Invalid
 * train.epochs: 0 (at least 1)"). The config records use them, and so do domain objects that check
 * a value they take from a config key, so the same check reads the same everywhere.
 */
public final class Checks {

  private Checks() {}

  /** Requires {@code value >= min}. */
  public static void atLeast(String key, long value, long min) {
    if (value < min) {
      throw new UserError("Invalid " + key + ": " + value + " (at least " + min + ")");
    }
  }

  /** Requires {@code min <= value <= max}; NaN fails. */
  public static void range(String key, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new UserError(
          "Invalid " + key + ": " + value + " (between " + min + " and " + max + ")");
    }
  }

  /** Requires {@code value <= max}. */
  public static void atMost(String key, long value, long max) {
    if (value > max) {
      throw new UserError("Invalid " + key + ": " + value + " (at most " + max + ")");
    }
  }

  /** Requires a share that leaves something: {@code 0 <= value < 1}; NaN fails. */
  public static void belowOne(String key, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new UserError("Invalid " + key + ": " + value + " (at least 0 and below 1)");
    }
  }

  /** Requires a fraction that keeps something: {@code 0 < value <= 1}; NaN fails. */
  public static void positiveFraction(String key, double value) {
    if (!(value > 0 && value <= 1)) {
      throw new UserError("Invalid " + key + ": " + value + " (above 0 and at most 1)");
    }
  }
}
