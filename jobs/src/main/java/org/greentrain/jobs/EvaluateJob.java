package org.greentrain.jobs;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.greentrain.data.AugmentPipelines;
import org.greentrain.data.spark.IdxSource;
import org.greentrain.data.LabeledImages;
import org.greentrain.infer.DistributedEvaluator;
import org.greentrain.infer.EvaluationCounts;
import org.greentrain.model.ModelWeights;
import org.greentrain.train.ShardData;

/** Stage 4: test-split accuracy of the fp32 and int8 models, scored on the executors. */
final class EvaluateJob {

  static final String STAGE = "evaluate";

  /** Test images per Spark task at most: 250 float images are about 0.8 MB of task data. */
  private static final int IMAGES_PER_SLICE = 250;

  private EvaluateJob() {}

  static int slices(int images, int parallelism) {
    return Math.max(parallelism, (images + IMAGES_PER_SLICE - 1) / IMAGES_PER_SLICE);
  }

  static StageOutcome run(RunContext ctx) {
    ctx.require(ctx.warehouse.fp32Model(ctx.runId()), "trained model", TrainJob.STAGE);
    ctx.require(ctx.warehouse.int8Model(ctx.runId()), "compressed model", CompressJob.STAGE);
    ModelWeights fp32 = CompressJob.readWeights(ctx, ctx.warehouse.fp32Model(ctx.runId()));
    ModelWeights int8 =
        CompressJob.readQuantized(ctx, ctx.warehouse.int8Model(ctx.runId())).dequantize();
    LabeledImages test =
        IdxSource.read(ctx.spark.sparkContext().hadoopConfiguration(), ctx.config.data(), "test");
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
    double fp32Accuracy;
    try (DistributedEvaluator evaluator =
        new DistributedEvaluator(
            jsc, ctx.modelSpec(), normalised, slices(test.count(), jsc.defaultParallelism()),
            ctx.config.evaluate().batchSize())) {
      EvaluationCounts a = evaluator.evaluate(fp32);
      EvaluationCounts b = evaluator.evaluate(int8);
      fp32Accuracy = a.accuracy();
      metrics.put("fp32_accuracy", a.accuracy());
      metrics.put("int8_accuracy", b.accuracy());
      metrics.put("int8_accuracy_drop_points", 100 * (a.accuracy() - b.accuracy()));
      for (int c = 0; c < ctx.config.data().numClasses(); c++) {
        metrics.put(String.format(Locale.ROOT, "fp32_class_%d_accuracy", c), a.classAccuracy(c));
      }
    }
    return new StageOutcome((long) test.count(), null, null, fp32Accuracy, metrics);
  }
}
