package org.greentrain.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.greentrain.energy.spark.EnergyPlugin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Benchmark (bench/run): the same CPU-bound Spark job with the energy plugin on and off,
 * alternating so drift hits both alike; reports the median wall-time ratio and the CPU time of the
 * plugin's sampler thread.
 */
@Command(
    name = "bench-plugin",
    mixinStandardHelpOptions = true,
    description = "Benchmark: a Spark job with the energy plugin on and off.")
final class BenchPluginCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--runs", defaultValue = "5")
  int runs;

  @Option(names = "--partitions", defaultValue = "8")
  int partitions;

  @Override
  public Integer call() {
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
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private void row(String name, String value) {
    spec.commandLine().getOut().printf(Locale.ROOT, "| %-58s | %14s |%n", name, value);
  }

  private static String fmt(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
