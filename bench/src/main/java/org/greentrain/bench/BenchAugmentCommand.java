package org.greentrain.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.greentrain.config.ConfigLoader;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.config.OptimizeConfig;
import org.greentrain.data.AugmentPipeline;
import org.greentrain.data.AugmentPipelines;
import org.greentrain.data.DataOptimizer;
import org.greentrain.data.LabeledImages;
import org.greentrain.data.SourceData;
import org.greentrain.data.StoredPixels;
import org.greentrain.data.spark.AugmentedFiles;
import org.greentrain.data.spark.AugmentedTable;
import org.greentrain.data.spark.DataSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Benchmark (bench/run): augmentation throughput per core of the Spark augment stage (local[N],
 * Parquet shards written) against a plain single-threaded loop applying the same ops to the same
 * decoded images and encoding each output once (the target's baseline), against the same loop
 * writing the same Parquet files single-threaded, against N such in-memory loops on N threads at
 * once (the machine's own scaling), and against a single-threaded array copy of the same bytes (the
 * memory-bandwidth bound); then the time of each data optimisation step on the split.
 */
@Command(
    name = "bench-augment",
    mixinStandardHelpOptions = true,
    description = "Benchmark: Spark augment stage vs a plain Java loop vs memory bandwidth.")
final class BenchAugmentCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--source", defaultValue = "data-samples")
  String source;

  @Option(
      names = "--conf",
      description =
          "Config overrides (key=value), e.g. data.rows=32 data.cols=32 for CIFAR binary files.")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(
      names = "--synthetic-rgb",
      defaultValue = "0",
      description =
          "Augment this many generated 3 x 32 x 32 images (random bytes, 10 classes) instead of"
              + " --source: the cost of RGB augmentation does not depend on the pixels.")
  int syntheticRgb;

  @Option(names = "--copies", defaultValue = "4")
  int copies;

  @Option(names = "--cores", defaultValue = "2")
  int cores;

  @Option(names = "--runs", defaultValue = "3")
  int runs;

  @Option(
      names = "--near-duplicate-max-bits",
      defaultValue = "4",
      description = "Near-duplicate removal is timed at every threshold from 0 to this.")
  int maxBits;

  @Option(names = "--optimise-only", description = "Skip the throughput runs.")
  boolean optimiseOnly;

  @Option(
      names = "--tasks",
      defaultValue = "0",
      description = "Spark tasks that augment; 0: as the augment stage chooses.")
  int tasks;

  @Option(names = "--skip-optimise", description = "Skip the data optimisation timings.")
  boolean skipOptimise;

  /** Wall and CPU seconds of one timed pass. */
  record Timing(double wall, double cpu) {

    static final Timing NONE = new Timing(Double.MAX_VALUE, 0);

    /** The faster of this and {@code other}, by wall time, with its own CPU time. */
    Timing best(Timing other) {
      return other.wall < wall ? other : this;
    }
  }

  /** One round of every measurement, or the best of several (wall seconds where no CPU). */
  private record Measures(
      Timing plain, Timing plainParquet, double threads, Timing spark, double sparkOps) {

    static final Measures NONE =
        new Measures(Timing.NONE, Timing.NONE, Double.MAX_VALUE, Timing.NONE, Double.MAX_VALUE);

    Measures best(Measures m) {
      return new Measures(
          plain.best(m.plain),
          plainParquet.best(m.plainParquet),
          Math.min(threads, m.threads),
          spark.best(m.spark),
          Math.min(sparkOps, m.sparkOps));
    }
  }

  @Override
  public Integer call() throws Exception {
    Map<String, String> conf = new LinkedHashMap<>(overrides);
    conf.put("data.source", source);
    GreenTrainConfig c = ConfigLoader.load(null, conf);
    SourceData train =
        syntheticRgb > 0
            ? syntheticRgb(syntheticRgb)
            : DataSources.read(new Configuration(), c.data(), "train");
    if (optimiseOnly) {
      optimisationTimes(train, c);
      return 0;
    }
    printRows(measure(c, train), train.images());
    if (!skipOptimise) {
      optimisationTimes(train, c);
    }
    return 0;
  }

  /** {@code count} RGB 32 x 32 images of random bytes, labels 0-9 in turn. */
  private static SourceData syntheticRgb(int count) {
    byte[] pixels = new byte[count * 3 * 32 * 32];
    new Random(42).nextBytes(pixels);
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      labels[i] = (byte) (i % 10);
    }
    return SourceData.ofAll("synthetic-rgb", "train", new LabeledImages(3, 32, 32, pixels, labels));
  }

  /** The best of {@code runs} rounds after an untimed warm-up round. */
  private Measures measure(GreenTrainConfig c, SourceData train) throws Exception {
    Path tmp = Files.createTempDirectory("bench-augment");
    SparkSession spark =
        SparkSession.builder()
            .master("local[" + cores + "]")
            .appName("bench-augment")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    Measures best = Measures.NONE;
    try {
      // Alternate plain and Spark runs so drift on a shared machine hits both alike; best of runs.
      for (int run = -1; run < runs; run++) {
        Measures m =
            measureOnce(spark, c, train, tmp.resolve("plain-" + run), tmp.resolve("out-" + run));
        if (run >= 0) {
          best = best.best(m);
        }
        deleteTree(tmp.resolve("plain-" + run));
        deleteTree(tmp.resolve("out-" + run));
      }
    } finally {
      spark.stop();
      deleteTree(tmp);
    }
    return best;
  }

  private Measures measureOnce(
      SparkSession spark, GreenTrainConfig c, SourceData train, Path plainOut, Path sparkOut)
      throws Exception {
    LabeledImages images = train.images();
    AugmentPipeline ops = AugmentPipelines.fromConfig(c.augment());
    // What the stage computes per image: the ops up to normalisation, stored as bytes.
    AugmentPipeline stored = StoredPixels.split(ops).beforeNormalize();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    long seed = c.run().seed();
    Timing plain = plainLoop(images, stored, copies, seed);
    Timing plainParquet =
        plainParquet(hadoop, train, ops, copies, c.augment().shards(), seed, plainOut);
    double threads = concurrentPlainLoops(images, stored, copies, seed, cores);
    Timing sparkRun = sparkStage(spark, c, train, sparkOut);
    double opsOnly = sparkOpsOnly(spark, images, stored, copies, seed);
    return new Measures(plain, plainParquet, threads, sparkRun, opsOnly);
  }

  private void printRows(Measures best, LabeledImages images) {
    long outputs = (long) images.count() * (copies + 1);
    double plainPerCore = outputs / best.plain().wall();
    double plainParquetPerCore = outputs / best.plainParquet().wall();
    double threadsPerCore = outputs / best.threads() / cores;
    double sparkPerCore = outputs / best.spark().wall() / cores;
    double bytesPerImage = images.imageSize() * 2.0;
    double copyBytesPerS = copyBandwidth();
    row(
        String.format(Locale.ROOT, "augment images/s per core, plain Java loop (%d imgs)", outputs),
        fmt(plainPerCore, 0));
    row(
        "augment images/s per core, Spark stage local[" + cores + "] incl. Parquet",
        fmt(sparkPerCore, 0));
    row(
        "augment ratio Spark / plain per core, wall (target >= 0.8)",
        fmt(sparkPerCore / plainPerCore, 3));
    row("augment images/s per core, plain loop + same Parquet writer", fmt(plainParquetPerCore, 0));
    row(
        "augment ratio Spark / plain loop + Parquet writer, per core",
        fmt(sparkPerCore / plainParquetPerCore, 3));
    row(
        "augment ratio Spark / plain loop + Parquet, per CPU-second",
        fmt(best.plainParquet().cpu() / best.spark().cpu(), 3));
    row(
        "augment images/s per core, " + cores + " plain loops on " + cores + " threads",
        fmt(threadsPerCore, 0));
    row(
        "augment ratio Spark / " + cores + " concurrent plain loops, per core",
        fmt(sparkPerCore / threadsPerCore, 3));
    row(
        "augment images/s per core, Spark tasks, ops + encode only",
        fmt(outputs / best.sparkOps() / cores, 0));
    row("augment Spark stage wall s", fmt(best.spark().wall(), 3));
    row(
        "augment ratio Spark / plain per CPU-second (process / thread CPU)",
        fmt((outputs / best.spark().cpu()) / (outputs / best.plain().cpu()), 3));
    row("memory copy GB/s, 1 thread (read + write)", fmt(copyBytesPerS / 1e9, 2));
    row(
        String.format(
            Locale.ROOT, "augment bandwidth bound images/s per core (%.0f B/img)", bytesPerImage),
        fmt(copyBytesPerS / bytesPerImage, 0));
  }

  /**
   * Wall and process CPU seconds of the plain loop writing the same Parquet files as one Spark task
   * does, on this thread, for all images at once: the stage's own writer without Spark.
   */
  private static Timing plainParquet(
      Configuration hadoop,
      SourceData train,
      AugmentPipeline ops,
      int copies,
      int shards,
      long seed,
      Path out) {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    long rows =
        AugmentedFiles.write(
            hadoop,
            new org.apache.hadoop.fs.Path(out.toUri()),
            0,
            train.images(),
            train.recordIds(),
            0,
            train.images().count(),
            ops,
            copies,
            shards,
            seed);
    double s = (System.nanoTime() - t0) / 1e9;
    if (rows != (long) train.images().count() * (copies + 1)) {
      throw new IllegalStateException("Plain Parquet loop wrote " + rows + " rows");
    }
    return new Timing(s, (os.getProcessCpuTime() - cpu0) / 1e9);
  }

  /**
   * Wall seconds of {@code threads} plain loops running at once, each over its own contiguous share
   * of the images: how this machine scales the same work to that many cores.
   */
  private static double concurrentPlainLoops(
      LabeledImages images, AugmentPipeline ops, int copies, long seed, int threads)
      throws Exception {
    int n = images.count();
    int size = images.imageSize();
    List<Thread> started = new ArrayList<>();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int from = (int) ((long) n * t / threads);
      int to = (int) ((long) n * (t + 1) / threads);
      LabeledImages share =
          new LabeledImages(
              images.channels(),
              images.rows(),
              images.cols(),
              Arrays.copyOfRange(images.pixels(), from * size, to * size),
              Arrays.copyOfRange(images.labels(), from, to));
      Thread thread =
          new Thread(
              () -> {
                try {
                  plainLoop(share, ops, copies, seed);
                } catch (Throwable e) {
                  failures.add(e);
                }
              },
              "plain-loop-" + t);
      thread.start();
      started.add(thread);
    }
    for (Thread thread : started) {
      thread.join();
    }
    double s = (System.nanoTime() - t0) / 1e9;
    if (!failures.isEmpty()) {
      throw new IllegalStateException("A concurrent plain loop failed", failures.get(0));
    }
    return s;
  }

  /** Wall and thread CPU seconds of one pass: every copy of every image, encoded once. */
  private static Timing plainLoop(
      LabeledImages images, AugmentPipeline ops, int copies, long seed) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    int channels = images.channels();
    int rows = images.rows();
    int cols = images.cols();
    long sink = 0;
    for (int i = 0; i < images.count(); i++) {
      byte[] px = images.image(i);
      for (int copy = 0; copy <= copies; copy++) {
        sink += StoredPixels.encode(ops.apply(px, channels, rows, cols, seed, copy, i)).length;
      }
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
    if (sink != (long) images.count() * (copies + 1) * images.imageSize()) {
      throw new IllegalStateException("Plain loop encoded " + sink + " bytes");
    }
    return new Timing(wall, cpu);
  }

  /**
   * Wall and process CPU seconds of the augment stage's write, from where the stage has its input:
   * the split's parts cached in the tasks (read and cached before the clock starts).
   */
  private Timing sparkStage(SparkSession spark, GreenTrainConfig c, SourceData train, Path out) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int n = train.images().count();
    int partitions = tasks(train.images());
    List<SourceData> slices = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      slices.add(
          train.select(IntStream.range(p * n / partitions, (p + 1) * n / partitions).toArray()));
    }
    JavaRDD<SourceData> parts =
        jsc.parallelize(slices, partitions).persist(StorageLevel.MEMORY_ONLY());
    parts.count();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    new AugmentedTable(
            AugmentPipelines.fromConfig(c.augment()), copies, c.augment().shards(), c.run().seed())
        .write(spark, parts, n, out.toString());
    Timing t = new Timing((System.nanoTime() - t0) / 1e9, (os.getProcessCpuTime() - cpu0) / 1e9);
    parts.unpersist(true);
    return t;
  }

  /**
   * Wall seconds of the same ops and encoding in Spark tasks over the same slices, with no
   * DataFrame, shuffle or Parquet: separates the stage's data path from the augmentation.
   */
  private double sparkOpsOnly(
      SparkSession spark, LabeledImages images, AugmentPipeline ops, int copies, long seed) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int n = images.count();
    int partitions = tasks(images);
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i < partitions; i++) {
      starts.add(i * n / partitions);
    }
    Broadcast<byte[]> all = jsc.broadcast(images.pixels());
    int channels = images.channels();
    int rows = images.rows();
    int cols = images.cols();
    int per = (n + partitions - 1) / partitions;
    long t0 = System.nanoTime();
    long bytes =
        jsc.parallelize(starts, partitions)
            .map(
                from -> {
                  byte[] pixels = all.value();
                  int size = channels * rows * cols;
                  int to = Math.min(pixels.length / size, from + per);
                  long sum = 0;
                  for (int i = from; i < to; i++) {
                    byte[] px = Arrays.copyOfRange(pixels, i * size, (i + 1) * size);
                    for (int copy = 0; copy <= copies; copy++) {
                      sum +=
                          StoredPixels.encode(ops.apply(px, channels, rows, cols, seed, copy, i))
                              .length;
                    }
                  }
                  return sum;
                })
            .reduce(Long::sum);
    double s = (System.nanoTime() - t0) / 1e9;
    all.destroy();
    return bytes > 0 ? s : Double.NaN;
  }

  private int tasks(LabeledImages images) {
    return tasks > 0 ? tasks : AugmentedTable.defaultPartitions(images.count(), cores);
  }

  /** Bytes per second moved by System.arraycopy over 256 MiB (read + write counted). */
  private static double copyBandwidth() {
    byte[] a = new byte[256 << 20];
    byte[] b = new byte[a.length];
    Arrays.fill(a, (byte) 1);
    double best = 0;
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      System.arraycopy(a, 0, b, 0, a.length);
      double s = (System.nanoTime() - t0) / 1e9;
      best = Math.max(best, 2.0 * a.length / s);
    }
    return best;
  }

  private void optimisationTimes(SourceData train, GreenTrainConfig c) {
    int n = train.images().count();
    step(train, c, new OptimizeConfig(true, false, 0, 1), "exact duplicates");
    for (int t = 0; t <= maxBits; t++) {
      DataOptimizer.Result r =
          step(
              train,
              c,
              new OptimizeConfig(false, true, t, 1),
              "near duplicates (dHash, <= " + t + " bits)");
      row(
          String.format(
              Locale.ROOT, "  pairs compared at <= %d bits (all pairs %.2e)", t, n * (n - 1.0) / 2),
          Long.toString(r.nearDuplicateComparisons()));
    }
    step(train, c, new OptimizeConfig(false, false, 0, 0.5), "balanced subsample 0.5");
  }

  private DataOptimizer.Result step(
      SourceData train, GreenTrainConfig c, OptimizeConfig o, String name) {
    long t0 = System.nanoTime();
    DataOptimizer.Result r =
        new DataOptimizer(o, c.data().numClasses(), c.run().seed()).apply(train);
    double s = (System.nanoTime() - t0) / 1e9;
    int n = train.images().count();
    row(String.format(Locale.ROOT, "%s on %d: removed", name, n), Long.toString(r.removed()));
    row(String.format(Locale.ROOT, "%s on %d: s", name, n), fmt(s, 2));
    return r;
  }

  private static void deleteTree(Path p) throws IOException {
    try (var files = Files.walk(p)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  private void row(String name, String value) {
    spec.commandLine().getOut().printf(Locale.ROOT, "| %-58s | %14s |%n", name, value);
  }

  private static String fmt(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
