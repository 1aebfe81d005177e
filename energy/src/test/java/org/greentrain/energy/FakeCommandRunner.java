package org.greentrain.energy;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Answers each run with the next scripted outcome and records the commands it was given. */
final class FakeCommandRunner implements CommandRunner {

  private interface Outcome {
    List<String> answer() throws IOException;
  }

  private final Deque<Outcome> outcomes = new ArrayDeque<>();
  final List<List<String>> commands = new ArrayList<>();

  /** Scripts the next run to print these lines. */
  FakeCommandRunner prints(String... lines) {
    outcomes.add(() -> List.of(lines));
    return this;
  }

  /** Scripts the next run to fail as a missing executable does. */
  FakeCommandRunner missing() {
    outcomes.add(
        () -> {
          throw new IOException(
              "Cannot run program \"nvidia-smi\": error=2, No such file or directory");
        });
    return this;
  }

  /** Scripts the next run to start but fail. */
  FakeCommandRunner fails(String message) {
    outcomes.add(
        () -> {
          throw new CommandFailedException(message);
        });
    return this;
  }

  @Override
  public List<String> run(List<String> command) throws IOException {
    commands.add(command);
    if (outcomes.isEmpty()) {
      throw new AssertionError("Unexpected command: " + command);
    }
    return outcomes.remove().answer();
  }
}
