package org.greentrain.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.greentrain.energy.spark.EnergyPlugin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Benchmark (bench/run): the same CPU-bound Spark job with the energy plugin on and off,
 * alternating so drift hits both alike; reports the median wall-time ratio and the CPU time of the
 * plugin's sampler thread. With {@code --whole-process}, each run is a JVM of its own running a
 * word count, so the plugin's start-up and stop costs count too ({@link WholeProcessBench}).
 */
@Command(
    name = "bench-plugin",
    mixinStandardHelpOptions = true,
    description = "Benchmark: a Spark job with the energy plugin on and off.")
final class BenchPluginCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--runs",
      defaultValue = "5",
      description = "Runs with the plugin on and as many off (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--partitions",
      defaultValue = "8",
      description = "Partitions of the job (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--whole-process",
      description =
          "Launch a JVM per run (word count on local[2] under /usr/bin/time, one warm-up pair"
              + " first) and measure the whole process: wall, CPU, peak RSS.")
  boolean wholeProcess;

  @Option(
      names = "--lines",
      defaultValue = "" + WORD_COUNT_LINES,
      description =
          "With --whole-process: lines of generated text, 12 words each (default"
              + " ${DEFAULT-VALUE}, about 13 s a process on 2 quiet cores).")
  int lines;

  @Option(
      names = "--work-dir",
      description =
          "With --whole-process: where each run's logs and plugin tables go (default: a new"
              + " temporary directory).")
  Path workDir;

  static final int WORD_COUNT_LINES = 2_000_000;

  @Override
  public Integer call() {
    if (wholeProcess) {
      return wholeProcess();
    }
    List<Double> on = new ArrayList<>();
    List<Double> off = new ArrayList<>();
    List<Double> samplerCpu = new ArrayList<>();
    runOnce(false, null);
    for (int i = 0; i < runs; i++) {
      off.add(runOnce(false, null));
      on.add(runOnce(true, samplerCpu));
    }
    double ratio = median(on) / median(off);
    row("Spark job wall s, plugin off (median of " + runs + ")", fmt(median(off), 2));
    row("Spark job wall s, plugin on (median of " + runs + ")", fmt(median(on), 2));
    row("wall ratio plugin on / off (target <= 1.02)", fmt(ratio, 3));
    row(
        "plugin sampler CPU s per run (mean)",
        fmt(samplerCpu.stream().mapToDouble(Double::doubleValue).average().orElse(0), 3));
    return 0;
  }

  private int wholeProcess() {
    if (runs < 1 || lines < partitions || partitions < 1) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid --runs, --lines or --partitions: "
              + runs
              + ", "
              + lines
              + ", "
              + partitions
              + " (runs and partitions at least 1, lines at least partitions)");
    }
    PrintWriter out = spec.commandLine().getOut();
    try {
      Path work = workDir != null ? workDir : Files.createTempDirectory("bench-plugin-");
      String loadBefore = loadAverage();
      out.printf(
          Locale.ROOT,
          "whole-process bench: %d runs plugin off and %d on, alternating, after one warm-up pair;"
              + " each a JVM of its own (%s) running a word count of %d generated lines (%d words"
              + " each) in %d partitions on local[2]; wall, user+sys CPU and peak RSS from"
              + " /usr/bin/time -f '%s'; logs and plugin tables under %s%n",
          runs,
          runs,
          ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
              .filter(a -> a.startsWith("-Xm"))
              .findFirst()
              .orElse("default heap"),
          lines,
          GeneratedText.WORDS_PER_LINE,
          partitions,
          ProcessCost.TIME_FORMAT,
          work);
      out.flush();
      List<PluginRun> measured = new WholeProcessBench(work, lines, partitions, out).run(runs);
      for (String row : new WholeProcessReport(measured).rows()) {
        out.println(row);
      }
      row("load average 1/5/15 min, before the runs", loadBefore);
      row("load average 1/5/15 min, after the runs", loadAverage());
      row("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to create a work directory for bench-plugin", e);
    }
  }

  /** The first three fields of /proc/loadavg, or "?" where it cannot be read. */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return String.join(" ", List.of(fields).subList(0, Math.min(3, fields.length)));
    } catch (IOException e) {
      return "?";
    }
  }

  private double runOnce(boolean plugin, List<Double> samplerCpu) {
    SparkSession.Builder b =
        SparkSession.builder()
            .master("local[2]")
            .appName("bench-plugin")
            .config("spark.ui.enabled", "false");
    if (plugin) {
      b.config("spark.plugins", EnergyPlugin.class.getName());
    }
    SparkSession spark = b.getOrCreate();
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      List<Integer> seeds = new ArrayList<>();
      for (int i = 0; i < partitions; i++) {
        seeds.add(i);
      }
      long t0 = System.nanoTime();
      jsc.parallelize(seeds, partitions).map(BenchPluginCommand::burn).reduce(Double::sum);
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (samplerCpu != null) {
        samplerCpu.add(samplerCpuSeconds());
      }
      return seconds;
    } finally {
      spark.stop();
    }
  }

  private static double burn(int seed) {
    double x = seed;
    for (int i = 0; i < 60_000_000; i++) {
      x = Math.sqrt(x + i);
    }
    return x;
  }

  private static double samplerCpuSeconds() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double seconds = 0;
    for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (t != null && t.getThreadName().startsWith("greentrain-energy")) {
        seconds += Math.max(0, threads.getThreadCpuTime(t.getThreadId())) / 1e9;
      }
    }
    return seconds;
  }

  private static double median(List<Double> values) {
    return OnOff.median(values);
  }

  private void row(String name, String value) {
    spec.commandLine().getOut().printf(Locale.ROOT, "| %-58s | %14s |%n", name, value);
  }

  private static String fmt(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
