package org.greentrain.energy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Runs a short external command, such as {@code nvidia-smi}, and returns its standard output as
 * lines. A seam for tests, which pass a fake.
 *
 * <p>The two failures mean different things to callers: a plain {@link IOException} means the
 * command could not be started (usually: not installed), a {@link CommandFailedException} that it
 * ran and failed or hung.
 */
@FunctionalInterface
public interface CommandRunner {

  /** How long {@link #system()} lets a command run. */
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Runs {@code command} and returns its standard output, one element per line.
   *
   * @throws CommandFailedException if it exits with a non-zero status or outlives its timeout
   * @throws IOException if it cannot be started
   */
  List<String> run(List<String> command) throws IOException;

  /** Runs commands as child processes, killing any that outlives {@link #DEFAULT_TIMEOUT}. */
  static CommandRunner system() {
    return new ProcessCommandRunner(DEFAULT_TIMEOUT);
  }

  /** A command that started but exited with a non-zero status or did not exit in time. */
  final class CommandFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    public CommandFailedException(String message) {
      super(message);
    }
  }
}
