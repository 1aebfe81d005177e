package org.greentrain.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The plugin's cost as a whole process: launches {@link WordCountProcess} in a JVM of its own per
 * run, under GNU {@code /usr/bin/time}, with the plugin off and on in turn (which goes first
 * alternates from pair to pair), after one warm-up pair that is not counted. The child JVMs get
 * this JVM's options (heap, {@code --add-opens}) and class path, and {@code
 * SPARK_LOCAL_IP=127.0.0.1}. Each run's logs and the plugin's tables stay under {@code work}.
 */
final class WholeProcessBench {

  static final Path TIME = Path.of("/usr/bin/time");

  private final Path work;
  private final int lines;
  private final int partitions;
  private final PrintWriter log;

  WholeProcessBench(Path work, int lines, int partitions, PrintWriter log) {
    this.work = work;
    this.lines = lines;
    this.partitions = partitions;
    this.log = log;
  }

  /** Runs one warm-up pair, then {@code pairs} counted pairs; returns the counted runs. */
  List<PluginRun> run(int pairs) {
    if (!Files.isExecutable(TIME)) {
      throw new IllegalStateException(
          "Cannot measure whole processes: " + TIME + " (GNU time) is not installed");
    }
    launch("warmup-off", false);
    launch("warmup-on", true);
    List<PluginRun> runs = new ArrayList<>();
    for (int i = 1; i <= pairs; i++) {
      boolean onFirst = i % 2 == 0;
      for (boolean on : onFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
        PluginRun run = launch("run-" + i + (on ? "-on" : "-off"), on);
        runs.add(run);
        log.println(run.line(i));
        log.flush();
      }
    }
    return runs;
  }

  private PluginRun launch(String name, boolean pluginOn) {
    Path dir = work.resolve(name);
    try {
      Files.createDirectories(dir);
      Path output = dir.resolve("energy");
      List<String> command = new ArrayList<>();
      command.addAll(List.of(TIME.toString(), "-o", dir.resolve("time.txt").toString(), "-f"));
      command.add(ProcessCost.TIME_FORMAT);
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
      command.addAll(List.of("-cp", System.getProperty("java.class.path")));
      command.add(WordCountProcess.class.getName());
      command.addAll(
          List.of(
              Integer.toString(lines),
              Integer.toString(partitions),
              pluginOn ? output.toString() : "off"));
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectOutput(dir.resolve("stdout.txt").toFile())
              .redirectError(dir.resolve("stderr.txt").toFile());
      builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      int exit = builder.start().waitFor();
      String stdout = Files.readString(dir.resolve("stdout.txt"));
      if (exit != 0) {
        throw new IllegalStateException(
            "Cannot measure run " + name + ": the word count exited with " + exit + ", see " + dir);
      }
      if (pluginOn && !hasTaskEnergy(output)) {
        throw new IllegalStateException(
            "Cannot measure run " + name + ": the plugin wrote no task_energy under " + output);
      }
      JobPhases phases =
          JobPhases.find(stdout)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "Cannot measure run " + name + ": no phase line in " + dir));
      return new PluginRun(
          pluginOn, ProcessCost.parse(Files.readString(dir.resolve("time.txt"))), phases);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to run the word count under " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for run " + name, e);
    }
  }

  private static boolean hasTaskEnergy(Path output) throws IOException {
    Path table = output.resolve("task_energy");
    if (!Files.isDirectory(table)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(table)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet"));
    }
  }
}
