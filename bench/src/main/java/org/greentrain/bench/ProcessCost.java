package org.greentrain.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one whole process cost, as GNU {@code /usr/bin/time} measures it from launch to exit: wall
 * seconds, user and system CPU seconds of the process and its children, and the peak resident set
 * size (the largest RSS the kernel saw, {@code getrusage}'s {@code ru_maxrss}).
 */
record ProcessCost(double wallSeconds, double userSeconds, double systemSeconds, long peakRssKb) {

  /** The {@code -f} format {@link #parse} reads. */
  static final String TIME_FORMAT = "wall_s=%e user_s=%U sys_s=%S max_rss_kb=%M";

  ProcessCost {
    if (wallSeconds < 0 || userSeconds < 0 || systemSeconds < 0 || peakRssKb < 0) {
      throw new IllegalArgumentException(
          "Invalid process cost: wall "
              + wallSeconds
              + " s, user "
              + userSeconds
              + " s, sys "
              + systemSeconds
              + " s, peak RSS "
              + peakRssKb
              + " kB (none may be negative)");
    }
  }

  /** User plus system CPU seconds. */
  double cpuSeconds() {
    return userSeconds + systemSeconds;
  }

  double peakRssMb() {
    return peakRssKb / 1024.0;
  }

  /**
   * Reads what {@code /usr/bin/time -o FILE -f TIME_FORMAT} wrote: its last line (GNU time puts
   * "Command exited with non-zero status N" on a line before it when the command failed).
   *
   * @throws IllegalArgumentException if the last line is not in {@link #TIME_FORMAT}
   */
  static ProcessCost parse(String timeOutput) {
    List<String> lines = timeOutput.strip().lines().toList();
    String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    Map<String, String> fields = new HashMap<>();
    for (String part : last.trim().split("\\s+")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        fields.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    try {
      return new ProcessCost(
          Double.parseDouble(field(fields, "wall_s", last)),
          Double.parseDouble(field(fields, "user_s", last)),
          Double.parseDouble(field(fields, "sys_s", last)),
          Long.parseLong(field(fields, "max_rss_kb", last)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid /usr/bin/time output: " + last, e);
    }
  }

  private static String field(Map<String, String> fields, String name, String line) {
    String value = fields.get(name);
    if (value == null) {
      throw new IllegalArgumentException(
          "Invalid /usr/bin/time output: no " + name + " in \"" + line + "\"");
    }
    return value;
  }
}
