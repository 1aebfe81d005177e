package org.greentrain.bench;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * When the word-count process reached each point, in seconds of JVM uptime: {@code main} entered,
 * the Spark session ready, the job's result collected, {@code SparkSession.stop()} returned. With
 * the process's wall time from {@link ProcessCost} they split a run into start-up, session, job,
 * stop and exit (shutdown hooks and JVM teardown after {@code main}).
 */
record JobPhases(double mainS, double sessionS, double jobS, double stoppedS) {

  /** The prefix of the one line of standard output that carries the marks. */
  static final String PREFIX = "greentrain-phases";

  JobPhases {
    if (!(0 <= mainS && mainS <= sessionS && sessionS <= jobS && jobS <= stoppedS)) {
      throw new IllegalArgumentException(
          "Invalid phase marks: main "
              + mainS
              + ", session "
              + sessionS
              + ", job "
              + jobS
              + ", stopped "
              + stoppedS
              + " s (each at least the one before)");
    }
  }

  /** The line {@link #find} reads back. */
  String line() {
    return String.format(
        Locale.ROOT,
        "%s main_s=%.3f session_s=%.3f job_s=%.3f stopped_s=%.3f",
        PREFIX,
        mainS,
        sessionS,
        jobS,
        stoppedS);
  }

  /** Building the Spark session (plugins' {@code init} included). */
  double session() {
    return sessionS - mainS;
  }

  double job() {
    return jobS - sessionS;
  }

  /** {@code SparkSession.stop()} (plugins' {@code shutdown} included). */
  double stop() {
    return stoppedS - jobS;
  }

  /**
   * What of {@code wallSeconds} lies outside the JVM's uptime up to the stop: the launcher before
   * the JVM's clock starts, and after {@code main} returned, shutdown hooks and JVM teardown.
   */
  double outside(double wallSeconds) {
    return wallSeconds - stoppedS;
  }

  /**
   * The marks from a process's standard output, empty if it has no {@link #PREFIX} line.
   *
   * @throws IllegalArgumentException if the line lacks a mark or a mark is not a number
   */
  static Optional<JobPhases> find(String stdout) {
    Optional<String> line = stdout.lines().filter(l -> l.startsWith(PREFIX + " ")).findFirst();
    if (line.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> marks = new HashMap<>();
    for (String part : line.get().substring(PREFIX.length()).trim().split("\\s+")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        marks.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    try {
      return Optional.of(
          new JobPhases(
              mark(marks, "main_s", line.get()),
              mark(marks, "session_s", line.get()),
              mark(marks, "job_s", line.get()),
              mark(marks, "stopped_s", line.get())));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid phase line: " + line.get(), e);
    }
  }

  private static double mark(Map<String, String> marks, String name, String line) {
    String value = marks.get(name);
    if (value == null) {
      throw new IllegalArgumentException("Invalid phase line: no " + name + " in \"" + line + "\"");
    }
    return Double.parseDouble(value);
  }
}
