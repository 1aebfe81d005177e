package org.greentrain.config;

/** Range checks whose messages name the config key and the bad value. */
final class Checks {

  private Checks() {}

  static void atLeast(String key, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(
          "Invalid " + key + ": " + value + " (at least " + min + ")");
    }
  }

  static void range(String key, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          "Invalid " + key + ": " + value + " (between " + min + " and " + max + ")");
    }
  }
}
