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
import org.greentrain.infer.DistributedEvaluator;
import org.greentrain.infer.EvaluationCounts;
import org.greentrain.model.Flops;
import org.greentrain.model.ModelWeights;
import org.greentrain.store.EvaluationTables;
import org.greentrain.store.ModelRegistry;
import org.greentrain.train.ShardData;

/**
 * Stage 4: test-split accuracy of the fp32 model and of every compression variant, scored on the
 * executors; writes the run's rows of the {@code evaluations} and {@code models} tables.
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
    Path fp32Path = ctx.warehouse.fp32Model(ctx.runId());
    ctx.require(fp32Path, "trained model", TrainJob.STAGE);
    List<CompressionVariant> variants = new ArrayList<>();
    for (String name : ctx.config.compress().variants()) {
      CompressionVariant v = CompressionVariant.parse(name);
      ctx.require(ctx.warehouse.variantModel(ctx.runId(), v.fileName()),
          "model of compression variant " + name, CompressJob.STAGE);
      variants.add(v);
    }
    ModelWeights fp32 = CompressJob.readWeights(ctx, fp32Path);
    LabeledImages test = AugmentJob.readSplit(ctx, "test").images();
    int[] labels = new int[test.count()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = test.label(i);
    }
    ShardData normalised =
        new ShardData(
            AugmentPipelines.normalisedPixels(test, ctx.config.augment()), labels,
            test.rows() * test.cols());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(ctx.spark.sparkContext());
    Map<String, Double> metrics = new LinkedHashMap<>();
    List<EvaluationTables.Evaluation> evaluations = new ArrayList<>();
    List<EvaluationTables.Artifact> artifacts = new ArrayList<>();
    ModelRegistry hashes = new ModelRegistry(ctx.files, ctx.warehouse.models());
    long s1 = ctx.files.length(fp32Path);
    int classes = ctx.config.data().numClasses();
    double fp32Accuracy;
    try (DistributedEvaluator evaluator =
        new DistributedEvaluator(
            jsc, ctx.modelSpec(), normalised, slices(test.count(), jsc.defaultParallelism()),
            ctx.config.evaluate().batchSize())) {
      EvaluationCounts a = evaluator.evaluate(fp32);
      fp32Accuracy = a.accuracy();
      metrics.put("fp32_accuracy", a.accuracy());
      for (int c = 0; c < classes; c++) {
        metrics.put(String.format(Locale.ROOT, "fp32_class_%d_accuracy", c), a.classAccuracy(c));
      }
      evaluations.add(evaluation(ctx, "fp32", a, fp32Accuracy, fp32, s1, s1));
      artifacts.add(new EvaluationTables.Artifact(
          "fp32", fp32Path.toString(), s1, hashes.sha256(fp32Path), s1, s1));
      for (CompressionVariant v : variants) {
        Path path = ctx.warehouse.variantModel(ctx.runId(), v.fileName());
        ModelWeights weights = CompressJob.readVariant(ctx, v);
        EvaluationCounts b = evaluator.evaluate(weights);
        long s2 = ctx.files.length(path);
        metrics.put(v.name() + "_accuracy", b.accuracy());
        metrics.put(v.name() + "_accuracy_drop_points", 100 * (fp32Accuracy - b.accuracy()));
        evaluations.add(evaluation(ctx, v.name(), b, fp32Accuracy, weights, s1, s2));
        artifacts.add(new EvaluationTables.Artifact(
            v.name(), path.toString(), s2, hashes.sha256(path), s1, s2));
      }
    }
    EvaluationTables tables = new EvaluationTables(ctx.spark, ctx.warehouse);
    tables.writeEvaluations(ctx.run, evaluations);
    tables.writeModels(ctx.run, artifacts);
    return new StageOutcome((long) test.count(), null, null, fp32Accuracy, metrics);
  }

  private static EvaluationTables.Evaluation evaluation(
      RunContext ctx, String variant, EvaluationCounts counts, double fp32Accuracy,
      ModelWeights weights, long s1, long s2) {
    int classes = ctx.config.data().numClasses();
    List<Double> perClass = new ArrayList<>(classes);
    for (int c = 0; c < classes; c++) {
      perClass.add(counts.classAccuracy(c));
    }
    return new EvaluationTables.Evaluation(
        variant, counts.accuracy(), 100 * (fp32Accuracy - counts.accuracy()), perClass,
        counts.matrix(), counts.total(), weights.parameterCount(), weights.nonZeroCount(),
        Flops.densePerImage(ctx.modelSpec()), Flops.effectivePerImage(ctx.modelSpec(), weights),
        s2, s1 / (double) s2);
  }
}
