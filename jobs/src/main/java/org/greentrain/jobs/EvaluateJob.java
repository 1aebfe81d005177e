package org.greentrain.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.greentrain.compress.CompressionVariant;
import org.greentrain.data.AugmentPipelines;
import org.greentrain.data.LabeledImages;
import org.greentrain.data.SourceData;
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
import org.greentrain.store.EvaluationTables;
import org.greentrain.store.ModelRegistry;
import org.greentrain.train.ShardData;

/**
 * Stage 4: test-split accuracy, batch latency and inference energy of the fp32 model and of every
 * compression variant, scored on the executors through the same model loader and batch path as
 * {@code ImageClassifierTransformer}; writes the run's rows of the {@code evaluations} and {@code
 * models} tables. Each variant runs as its own Spark job, so its energy window is its own.
 */
final class EvaluateJob {

  static final String STAGE = "evaluate";

  /** Test images per Spark task at most: 250 float images are about 0.8 MB of task data. */
  private static final int IMAGES_PER_SLICE = 250;

  private EvaluateJob() {}

  static int slices(int images, int parallelism) {
    return Math.max(parallelism, (images + IMAGES_PER_SLICE - 1) / IMAGES_PER_SLICE);
  }

  static StageOutcome run(RunContext ctx) {
    Path fp32Path = ctx.warehouse().fp32Model(ctx.runId());
    ctx.require(fp32Path, "trained model", TrainJob.STAGE);
    ctx.require(CompressJob.manifestOf(ctx), "model manifest", CompressJob.STAGE);
    Map<String, Path> models = new LinkedHashMap<>();
    models.put("fp32", fp32Path);
    for (String name : ctx.config().compress().variants()) {
      CompressionVariant v = CompressionVariant.parse(name);
      Path path = ctx.warehouse().variantModel(ctx.runId(), v.fileName());
      ctx.require(path, "model of compression variant " + name, CompressJob.STAGE);
      models.put(name, path);
    }
    SourceData testSplit = AugmentJob.readSplit(ctx, "test");
    LabeledImages test = testSplit.images();
    int[] labels = new int[test.count()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = test.label(i);
    }
    ShardData normalised =
        new ShardData(
            AugmentPipelines.normalisedPixels(test, ctx.config().augment()),
            labels,
            test.rows() * test.cols());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(ctx.spark().sparkContext());
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("rejected_records", (double) testSplit.rejects().size());
    List<EvaluationTables.Evaluation> evaluations = new ArrayList<>();
    List<EvaluationTables.Artifact> artifacts = new ArrayList<>();
    ModelRegistry hashes = new ModelRegistry(ctx.files(), ctx.warehouse().models());
    long s1 = ctx.files().length(fp32Path);
    int classes = ctx.config().data().numClasses();
    int batchSize = ctx.config().evaluate().batchSize();
    double fp32Accuracy = Double.NaN;
    try (DistributedEvaluator evaluator =
        new DistributedEvaluator(
            jsc, normalised, classes, slices(test.count(), jsc.defaultParallelism()), batchSize)) {
      // An untimed pass first: engine start-up and JIT warm-up must not land on the first model.
      evaluator.evaluate(url(ctx, fp32Path));
      for (Map.Entry<String, Path> m : models.entrySet()) {
        String name = m.getKey();
        String url = url(ctx, m.getValue());
        long startMs = System.currentTimeMillis();
        long start = System.nanoTime();
        VariantScore score = evaluator.evaluate(url);
        double wall = (System.nanoTime() - start) / 1e9;
        long endMs = System.currentTimeMillis();
        EvaluationCounts counts = score.counts();
        if (name.equals("fp32")) {
          fp32Accuracy = counts.accuracy();
          metrics.put("fp32_accuracy", counts.accuracy());
          for (int c = 0; c < classes; c++) {
            metrics.put(
                String.format(Locale.ROOT, "fp32_class_%d_accuracy", c), counts.classAccuracy(c));
          }
        } else {
          metrics.put(name + "_accuracy", counts.accuracy());
          metrics.put(name + "_accuracy_drop_points", 100 * (fp32Accuracy - counts.accuracy()));
        }
        StageEnergy energy = energyOf(ctx, startMs, endMs, score.cpuSeconds(), wall);
        EvaluationTables.Cost cost =
            new EvaluationTables.Cost(
                batchSize,
                score.latencyPercentileMillis(50),
                score.latencyPercentileMillis(99),
                1000 * energy.joules() / counts.total(),
                energy.method(),
                energy.estimated());
        metrics.put(name + "_j_per_1k_images", cost.joulesPer1kImages());
        metrics.put(name + "_batch_p50_ms", cost.p50Millis());
        long s2 = ctx.files().length(m.getValue());
        VerifiedModel model = new ModelLoader(url, ModelLoader.ENGINE).load();
        evaluations.add(
            new EvaluationTables.Evaluation(
                name,
                counts.accuracy(),
                100 * (fp32Accuracy - counts.accuracy()),
                perClass(counts, classes),
                counts.matrix(),
                counts.total(),
                model.weights().parameterCount(),
                model.weights().nonZeroCount(),
                Flops.densePerImage(model.spec()),
                Flops.effectivePerImage(model.spec(), model.weights()),
                s2,
                s1 / (double) s2,
                cost));
        artifacts.add(
            new EvaluationTables.Artifact(
                name, m.getValue().toString(), s2, hashes.sha256(m.getValue()), s1, s2));
        ctx.out()
            .printf(
                Locale.ROOT,
                "      %s: accuracy %.2f%%, batch p50 %.1f ms p99 %.1f ms, %.2f J per 1k images%s%n",
                name,
                100 * counts.accuracy(),
                cost.p50Millis(),
                cost.p99Millis(),
                cost.joulesPer1kImages(),
                cost.energyEstimated() ? " (estimated)" : "");
      }
    }
    EvaluationTables tables = new EvaluationTables(ctx.spark(), ctx.warehouse());
    tables.writeEvaluations(ctx.run(), evaluations);
    tables.writeModels(ctx.run(), artifacts);
    // Read back, so the report shows exactly what the table holds.
    CompressionReportPage.write(
        ctx.files(),
        reportDir(ctx),
        ctx.runId(),
        CompressionReportPage.read(ctx.spark(), ctx.warehouse(), ctx.runId()));
    return new StageOutcome(
        (long) testSplit.recordsRead(),
        null,
        null,
        fp32Accuracy,
        metrics,
        AugmentJob.rejectNote(testSplit));
  }

  /** {@code runs/<id>/report/}: compression.md and compression.png. */
  static Path reportDir(RunContext ctx) {
    return new Path(ctx.warehouse().fp32Model(ctx.runId()).getParent().getParent(), "report");
  }

  private static String url(RunContext ctx, Path path) {
    return ctx.files().qualify(path.toString()).toString();
  }

  private static List<Double> perClass(EvaluationCounts counts, int classes) {
    List<Double> perClass = new ArrayList<>(classes);
    for (int c = 0; c < classes; c++) {
      perClass.add(counts.classAccuracy(c));
    }
    return perClass;
  }

  /**
   * The energy plugin's figure for the variant's own job when the plugin runs in this application;
   * otherwise the CPU-time model applied to the scoring tasks' CPU time and the job's wall time,
   * flagged as estimated, as the stage rows do.
   */
  private static StageEnergy energyOf(
      RunContext ctx, long startMs, long endMs, double cpuSeconds, double wallSeconds) {
    return StageRunner.measuredOr(
        startMs,
        endMs,
        () ->
            EnergySetup.fromConfig(
                    ctx.config().energy(), ctx.spark().sparkContext().defaultParallelism())
                .estimate(cpuSeconds, wallSeconds));
  }
}
