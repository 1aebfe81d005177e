package org.greentrain.energy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link CommandRunner#system()}: a child process per call, with a timeout. */
final class ProcessCommandRunner implements CommandRunner {

  private final Duration timeout;
  // Not the common pool: it may have a single thread on a small node, and both pipes must be read
  // at once. Idle daemon threads end by themselves, so the runner needs no closing.
  private final ExecutorService drainers =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "greentrain-command-output");
            thread.setDaemon(true);
            return thread;
          });

  ProcessCommandRunner(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public List<String> run(List<String> command) throws IOException {
    // Every executor asks for nvidia-smi at start; on the many nodes without it, a failed spawn
    // from a JVM of several GB costs tens of ms on the application's start-up path. A look along
    // PATH costs microseconds.
    String program = command.get(0);
    if (!findable(program, System.getenv("PATH"))) {
      throw new IOException(
          "Cannot run program \""
              + program
              + "\": "
              + (program.contains("/") ? "no executable file there" : "not found on PATH"));
    }
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    // Both pipes are drained off this thread: a child blocked on a full pipe would never exit,
    // and a read here would block past the timeout if the child hung without closing them.
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    String name = program;
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new CommandFailedException(
            "Cannot run " + name + ": no exit within " + timeout.toMillis() + " ms");
      }
      String stdout = out.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (process.exitValue() != 0) {
        String stderr = err.get(timeout.toMillis(), TimeUnit.MILLISECONDS).strip();
        throw new CommandFailedException(
            "Cannot run "
                + name
                + ": exit status "
                + process.exitValue()
                + ": "
                + (stderr.isEmpty() ? stdout.strip() : stderr));
      }
      return stdout.lines().toList();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new CommandFailedException("Cannot run " + name + ": interrupted");
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new CommandFailedException("Cannot run " + name + ": cannot read its output: " + e);
    }
  }

  /**
   * Whether exec would find {@code program}: as given when it names a path, else as an executable
   * file in a directory of {@code path} (the JDK's {@code /bin:/usr/bin} when unset; an empty entry
   * is the working directory).
   */
  static boolean findable(String program, String path) {
    if (program.contains("/")) {
      return isExecutableFile(Path.of(program));
    }
    for (String dir : (path == null ? "/bin:/usr/bin" : path).split(":", -1)) {
      if (isExecutableFile(Path.of(dir.isEmpty() ? "." : dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isExecutableFile(Path file) {
    return Files.isRegularFile(file) && Files.isExecutable(file);
  }

  private CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        drainers);
  }
}
