package org.greentrain.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.greentrain.compress.CompressStage;
import org.greentrain.compress.CompressionVariant;
import org.greentrain.data.AugmentPipelines;
import org.greentrain.data.LabeledImages;
import org.greentrain.data.Normalize;
import org.greentrain.data.SplitSummary;
import org.greentrain.data.spark.AugmentStage;
import org.greentrain.data.spark.DistributedSplit;
import org.greentrain.energy.StageEnergy;
import org.greentrain.infer.DistributedEvaluator;
import org.greentrain.infer.EvaluationCounts;
import org.greentrain.infer.ModelLoader;
import org.greentrain.infer.VariantScore;
import org.greentrain.infer.VerifiedModel;
import org.greentrain.model.Flops;
import org.greentrain.pipeline.EnergySetup;
import org.greentrain.pipeline.RunContext;
import org.greentrain.pipeline.StageOutcome;
import org.greentrain.pipeline.StageRunner;
import org.greentrain.runtime.ShardData;
import org.greentrain.store.EvaluationTables;
import org.greentrain.store.StageImpact;
import org.greentrain.train.TrainStage;

/**
 * Stage 4: test-split accuracy, batch latency and inference energy of the fp32 model and of every
 * compression variant, scored on the executors through the same model loader and batch path as
 * {@code ImageClassifierTransformer}; writes the run's rows of the {@code evaluations} and {@code
 * models} tables. Each variant runs as its own Spark job, so its energy window is its own.
 */
public final class EvaluateStage {

  public static final String STAGE = "evaluate";

  /** Test images per slice of the scoring partitions: slices spread the split over the cores. */
  private static final int IMAGES_PER_SLICE = 250;

  /** One variant's score with the energy of its own Spark job. */
  private record Measured(VariantScore score, double wallSeconds, StageEnergy energy) {}

  private final RunContext ctx;
  private final Map<String, Double> metrics = new LinkedHashMap<>();
  private final List<EvaluationTables.Evaluation> evaluations = new ArrayList<>();
  private final List<EvaluationTables.Artifact> artifacts = new ArrayList<>();
  private double fp32Accuracy = Double.NaN;

  /** One stage run: the stage collects its rows as it scores, so use an instance once. */
  public EvaluateStage(RunContext ctx) {
    this.ctx = ctx;
  }

  static int slices(int images, int parallelism) {
    return Math.max(parallelism, (images + IMAGES_PER_SLICE - 1) / IMAGES_PER_SLICE);
  }

  public StageOutcome run() {
    Map<String, Path> models = models();
    // The channels and normalisation the model was trained with (the augment stage resolved them).
    try (DistributedSplit testSplit =
        AugmentStage.readSplit(ctx, "test", ctx.modelSpec().channels())) {
      SplitSummary summary = testSplit.summary();
      metrics.put("rejected_records", (double) summary.rejects().size());
      String conversions = summary.conversionNote();
      if (!conversions.isEmpty()) {
        // As in the augment stage: converting images is never silent.
        ctx.out().printf(Locale.ROOT, "      test split: %s%n", conversions);
        metrics.put("converted_to_grey", (double) summary.convertedToGrey());
        metrics.put("expanded_to_rgb", (double) summary.expandedToRgb());
      }
      score(testSplit, models);
      EvaluationTables tables = new EvaluationTables(ctx.spark(), ctx.warehouse());
      tables.writeEvaluations(ctx.run(), evaluations);
      tables.writeModels(ctx.run(), artifacts);
      return new StageOutcome(
          summary.recordsRead(),
          null,
          null,
          fp32Accuracy,
          metrics,
          String.join(
              "; ",
              Stream.of(summary.rejectNote(), conversions).filter(n -> !n.isEmpty()).toList()));
    }
  }

  /** Scores every model on the test split, normalised in the tasks that read it. */
  private void score(DistributedSplit testSplit, Map<String, Path> models) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(ctx.spark().sparkContext());
    Normalize normalize = AugmentStage.normalisation(ctx);
    int size = ctx.config().augment().cropSize();
    int pixels = (int) ctx.modelSpec().inputShape(1).size();
    int images = (int) testSplit.summary().images();
    JavaRDD<ShardData> slices =
        testSplit
            .parts(null)
            .flatMap(part -> normalisedSlices(part.images(), normalize, size, pixels).iterator())
            .repartition(slices(images, jsc.defaultParallelism()));
    try (DistributedEvaluator evaluator =
        new DistributedEvaluator(
            slices, ctx.config().data().numClasses(), ctx.config().evaluate().batchSize())) {
      // An untimed pass first: engine start-up and JIT warm-up must not land on the first model.
      evaluator.evaluate(url(models.get("fp32")));
      long fp32Bytes = ctx.files().length(models.get("fp32"));
      Map<String, List<Measured>> measured = measureInTurns(evaluator, models);
      models.forEach(
          (name, path) -> score(name, path, medianByEnergy(measured.get(name)), fp32Bytes));
    }
  }

  /**
   * Every model measured {@code evaluate.repeats} times, in turns, so that a change in the
   * machine's load falls on all of them alike.
   */
  private Map<String, List<Measured>> measureInTurns(
      DistributedEvaluator evaluator, Map<String, Path> models) {
    int repeats = ctx.config().evaluate().repeats();
    Map<String, List<Measured>> measured = new LinkedHashMap<>();
    for (int r = 1; r <= repeats; r++) {
      if (repeats > 1) {
        ctx.out().printf(Locale.ROOT, "      scoring turn %d/%d%n", r, repeats);
      }
      models.forEach(
          (name, path) ->
              measured
                  .computeIfAbsent(name, k -> new ArrayList<>())
                  .add(measure(evaluator, url(path))));
    }
    return measured;
  }

  /** The repetition of median energy (the lower of the two middle ones for an even count). */
  static <T> T medianBy(List<T> repetitions, ToDoubleFunction<T> key) {
    List<T> sorted = new ArrayList<>(repetitions);
    sorted.sort(Comparator.comparingDouble(key));
    return sorted.get((sorted.size() - 1) / 2);
  }

  private static Measured medianByEnergy(List<Measured> repetitions) {
    return medianBy(repetitions, m -> m.energy().joules());
  }

  /**
   * {@code images} normalised as the trainer saw them, in slices of at most {@value
   * #IMAGES_PER_SLICE}; augment.crop-size resizes the test images as it did the originals.
   */
  static List<ShardData> normalisedSlices(
      LabeledImages images, Normalize normalize, int size, int pixels) {
    float[] all = AugmentPipelines.normalisedPixels(images, normalize, size);
    List<ShardData> out = new ArrayList<>();
    for (int from = 0; from < images.count(); from += IMAGES_PER_SLICE) {
      int n = Math.min(IMAGES_PER_SLICE, images.count() - from);
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = images.label(from + i);
      }
      out.add(
          new ShardData(
              Arrays.copyOfRange(all, from * pixels, (from + n) * pixels), labels, pixels));
    }
    return out;
  }

  /** The fp32 model first, then every configured variant, each by its artifact's path. */
  private Map<String, Path> models() {
    Path fp32Path = ctx.warehouse().fp32Model(ctx.runId());
    ctx.require(fp32Path, "trained model", TrainStage.STAGE);
    ctx.require(ctx.warehouse().modelManifest(ctx.runId()), "model manifest", CompressStage.STAGE);
    Map<String, Path> models = new LinkedHashMap<>();
    models.put("fp32", fp32Path);
    for (String name : ctx.config().compress().variants()) {
      CompressionVariant v = CompressionVariant.parse(name);
      Path path = ctx.warehouse().variantModel(ctx.runId(), v.fileName());
      ctx.require(path, "model of compression variant " + name, CompressStage.STAGE);
      models.put(name, path);
    }
    return models;
  }

  /** Adds one model's metrics, its evaluations row and its models row. */
  private void score(String name, Path path, Measured measured, long fp32Bytes) {
    int repeats = ctx.config().evaluate().repeats();
    EvaluationCounts counts = measured.score().counts();
    addAccuracy(name, counts);
    StageEnergy energy = measured.energy();
    EvaluationTables.Cost cost =
        new EvaluationTables.Cost(
            ctx.config().evaluate().batchSize(),
            measured.score().latencyPercentileMillis(50),
            measured.score().latencyPercentileMillis(99),
            1000 * energy.joules() / counts.total(),
            energy.method(),
            energy.estimated(),
            StageImpact.of(energy));
    metrics.put(name + "_j_per_1k_images", cost.joulesPer1kImages());
    metrics.put(name + "_batch_p50_ms", cost.p50Millis());
    long bytes = ctx.files().length(path);
    evaluations.add(evaluation(name, counts, path, fp32Bytes, bytes, cost));
    artifacts.add(
        new EvaluationTables.Artifact(
            name, path.toString(), bytes, ctx.files().sha256(path), fp32Bytes, bytes));
    ctx.out()
        .printf(
            Locale.ROOT,
            "      %s: accuracy %.2f%%, batch p50 %.1f ms p99 %.1f ms, %.2f J per 1k images%s%s%n",
            name,
            100 * counts.accuracy(),
            cost.p50Millis(),
            cost.p99Millis(),
            cost.joulesPer1kImages(),
            cost.energyEstimated() ? " (estimated)" : "",
            repeats > 1 ? ", the median of " + repeats + " turns" : "");
  }

  private Measured measure(DistributedEvaluator evaluator, String url) {
    long startMs = System.currentTimeMillis();
    long start = System.nanoTime();
    VariantScore score = evaluator.evaluate(url);
    double wall = (System.nanoTime() - start) / 1e9;
    long endMs = System.currentTimeMillis();
    return new Measured(score, wall, energyOf(startMs, endMs, score.cpuSeconds(), wall));
  }

  private void addAccuracy(String name, EvaluationCounts counts) {
    if (name.equals("fp32")) {
      fp32Accuracy = counts.accuracy();
      metrics.put("fp32_accuracy", counts.accuracy());
      for (int c = 0; c < ctx.config().data().numClasses(); c++) {
        metrics.put(
            String.format(Locale.ROOT, "fp32_class_%d_accuracy", c), counts.classAccuracy(c));
      }
    } else {
      metrics.put(name + "_accuracy", counts.accuracy());
      metrics.put(name + "_accuracy_drop_points", 100 * (fp32Accuracy - counts.accuracy()));
    }
  }

  private EvaluationTables.Evaluation evaluation(
      String name,
      EvaluationCounts counts,
      Path path,
      long fp32Bytes,
      long bytes,
      EvaluationTables.Cost cost) {
    VerifiedModel model = new ModelLoader(url(path), ModelLoader.ENGINE).load();
    return new EvaluationTables.Evaluation(
        name,
        counts.accuracy(),
        100 * (fp32Accuracy - counts.accuracy()),
        perClass(counts),
        counts.matrix(),
        counts.total(),
        model.weights().parameterCount(),
        model.weights().nonZeroCount(),
        Flops.densePerImage(model.spec()),
        Flops.effectivePerImage(model.spec(), model.weights()),
        bytes,
        fp32Bytes / (double) bytes,
        cost);
  }

  private String url(Path path) {
    return ctx.files().qualify(path.toString()).toString();
  }

  private List<Double> perClass(EvaluationCounts counts) {
    List<Double> perClass = new ArrayList<>();
    for (int c = 0; c < ctx.config().data().numClasses(); c++) {
      perClass.add(counts.classAccuracy(c));
    }
    return perClass;
  }

  /**
   * The energy plugin's figure for the variant's own job when the plugin runs in this application;
   * otherwise the CPU-time model applied to the scoring tasks' CPU time and the job's wall time,
   * flagged as estimated, as the stage rows do.
   */
  private StageEnergy energyOf(long startMs, long endMs, double cpuSeconds, double wallSeconds) {
    return StageRunner.measuredOr(
        startMs,
        endMs,
        () ->
            EnergySetup.fromConfig(
                    ctx.config().energy(), ctx.spark().sparkContext().defaultParallelism())
                .estimate(cpuSeconds, wallSeconds));
  }
}
