package org.greentrain.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.greentrain.compress.CompressionReport;
import org.greentrain.compress.CompressionVariant;
import org.greentrain.compress.GradualPruning;
import org.greentrain.compress.MagnitudePruner;
import org.greentrain.compress.QuantizedModel;
import org.greentrain.compress.QuantizedModelCodec;
import org.greentrain.compress.StructuredPruner;
import org.greentrain.config.CompressConfig;
import org.greentrain.config.TrainConfig;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.ModelWeightsCodec;
import org.greentrain.model.TensorFileFormat;
import org.greentrain.pipeline.RunContext;
import org.greentrain.pipeline.StageOutcome;
import org.greentrain.store.Json;
import org.greentrain.store.ModelRegistry;
import org.greentrain.train.DistributedTrainer;
import org.greentrain.train.LearningRateSchedule;
import org.greentrain.train.LocalSgd;
import org.greentrain.train.ShardData;
import org.greentrain.train.TrainParams;
import org.greentrain.train.WeightConstraint;

/**
 * Stage 3: builds every variant of {@code compress.variants} from the trained model (pruning with
 * fine-tuning on Spark, int8 quantization) and writes one artifact each; reports S1/S2.
 */
final class CompressJob {

  static final String STAGE = "compress";

  private CompressJob() {}

  static StageOutcome run(RunContext ctx) {
    Path fp32 = ctx.warehouse().fp32Model(ctx.runId());
    ctx.require(fp32, "trained model", TrainJob.STAGE);
    ModelWeights weights = readWeights(ctx, fp32);
    long s1 = ctx.files().length(fp32);
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("fp32_bytes", (double) s1);
    // prune-80 and prune-80+int8 share one pruned, fine-tuned model; struct-50 and
    // struct-50+int8 one narrower, fine-tuned network.
    Map<Double, ModelWeights> pruned = new HashMap<>();
    Map<Double, ModelWeights> narrowed = new HashMap<>();
    FineTuning tuning = new FineTuning(ctx);
    try {
      for (String name : ctx.config().compress().variants()) {
        CompressionVariant variant = CompressionVariant.parse(name);
        ModelWeights source =
            variant.isPruned()
                ? pruned.computeIfAbsent(variant.sparsity(), s -> tuning.prune(weights, s))
                : variant.isStructured()
                    ? narrowed.computeIfAbsent(variant.structured(), f -> tuning.narrow(weights, f))
                    : weights;
        Path artifact = ctx.warehouse().variantModel(ctx.runId(), variant.fileName());
        write(ctx, variant, source, artifact);
        CompressionReport report = new CompressionReport(name, s1, ctx.files().length(artifact));
        metrics.put(name + "_bytes", (double) report.compressedBytes());
        metrics.put(name + "_ratio", report.ratio());
        ctx.out()
            .printf(
                Locale.ROOT,
                "      %s: %d bytes, S1/S2 %.2f%n",
                name,
                report.compressedBytes(),
                report.ratio());
      }
    } finally {
      tuning.close();
    }
    writeManifest(ctx);
    long int8 = metrics.get("int8_bytes").longValue();
    metrics.put("compression_ratio", metrics.get("int8_ratio"));
    return new StageOutcome(null, null, int8, null, metrics);
  }

  private static void write(
      RunContext ctx, CompressionVariant variant, ModelWeights source, Path artifact) {
    TensorFileFormat.Compressor codec =
        TensorFileFormat.Compressor.named(ctx.config().compress().codec());
    if (variant.isQuantized()) {
      QuantizedModel quantized = variant.quantize(source);
      ctx.files()
          .writeAtomically(artifact, out -> QuantizedModelCodec.write(quantized, out, codec));
    } else {
      ctx.files().writeAtomically(artifact, out -> ModelWeightsCodec.write(source, out, codec));
    }
  }

  /**
   * {@code runs/<id>/model/manifest.json}: the architecture and the bytes and SHA-256 of the fp32
   * file and of every variant's, so the evaluate stage (and anyone) loads them verified, as from a
   * published version.
   */
  private static void writeManifest(RunContext ctx) {
    ModelRegistry hashes = new ModelRegistry(ctx.files(), ctx.warehouse().models());
    List<Path> paths = new ArrayList<>();
    paths.add(ctx.warehouse().fp32Model(ctx.runId()));
    for (String name : ctx.config().compress().variants()) {
      paths.add(
          ctx.warehouse().variantModel(ctx.runId(), CompressionVariant.parse(name).fileName()));
    }
    List<ModelRegistry.FileEntry> files = new ArrayList<>();
    for (Path p : paths) {
      files.add(new ModelRegistry.FileEntry(p.getName(), ctx.files().length(p), hashes.sha256(p)));
    }
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("run_id", ctx.runId());
    manifest.put("model", ctx.modelSpec());
    manifest.put("files", files);
    new Json(ctx.files()).write(manifestOf(ctx), manifest);
  }

  /** The run's model manifest, beside its model files. */
  static Path manifestOf(RunContext ctx) {
    return new Path(ctx.warehouse().fp32Model(ctx.runId()).getParent(), "manifest.json");
  }

  /** Reads a variant's artifact back as fp32 weights, whichever codec wrote it. */
  static ModelWeights readVariant(RunContext ctx, CompressionVariant variant) {
    Path path = ctx.warehouse().variantModel(ctx.runId(), variant.fileName());
    return variant.isQuantized() ? readQuantized(ctx, path).dequantize() : readWeights(ctx, path);
  }

  static ModelWeights readWeights(RunContext ctx, Path path) {
    try (InputStream in = ctx.files().open(path)) {
      return ModelWeightsCodec.read(in, path.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + path, e);
    }
  }

  static QuantizedModel readQuantized(RunContext ctx, Path path) {
    try (InputStream in = ctx.files().open(path)) {
      return QuantizedModelCodec.read(in, path.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + path, e);
    }
  }

  /**
   * Gradual pruning with fine-tuning rounds on the run's augmented shards; the shards are loaded on
   * first use only, so int8-only runs never touch the augmented data.
   */
  private static final class FineTuning {

    private final RunContext ctx;
    private DistributedTrainer trainer;
    private JavaRDD<ShardData> shards;

    FineTuning(RunContext ctx) {
      this.ctx = ctx;
    }

    private void loadShards() {
      if (shards == null) {
        ctx.require(ctx.warehouse().augmented(ctx.runId()), "augmented data", AugmentJob.STAGE);
        trainer = new DistributedTrainer(ctx.spark(), ctx.modelSpec(), ctx.config().run().seed());
        trainer.requireNormalisation(
            ctx.warehouse().augmented(ctx.runId()).toString(),
            AugmentJob.normalisation(ctx.config()));
        shards =
            trainer.loadShards(
                ctx.warehouse().augmented(ctx.runId()).toString(), ctx.config().augment().shards());
      }
    }

    /** Training's optimizer (SGD or Adam) and settings, at the fine-tuning rate. */
    private TrainParams params(double rate) {
      int taskCpus = Integer.parseInt(ctx.spark().conf().get("spark.task.cpus", "1"));
      return TrainJob.params(ctx.config().train(), taskCpus).withLearningRate(rate);
    }

    /**
     * Removes the filters and units of smallest L1 norm, then fine-tunes the narrower network for
     * {@code compress.fine-tune-rounds} rounds. Removing whole units costs more accuracy than
     * removing single weights, so the rate starts higher than for unstructured pruning: from a
     * tenth of training's initial rate down to training's final rate, on a cosine.
     */
    ModelWeights narrow(ModelWeights trained, double fraction) {
      CompressConfig c = ctx.config().compress();
      StructuredPruner.Result result =
          StructuredPruner.prune(
              ctx.modelSpec(), trained, fraction, c.structuredExemptFirstLayer());
      ctx.out()
          .printf(
              Locale.ROOT,
              "      struct %.0f%%: widths %s -> %s, %d -> %d parameters%n",
              100 * fraction,
              ctx.modelSpec().widths(),
              result.spec().widths(),
              trained.parameterCount(),
              result.weights().parameterCount());
      int rounds = c.fineTuneRounds();
      if (rounds == 0) {
        return result.weights();
      }
      loadShards();
      TrainConfig t = ctx.config().train();
      double start = t.learningRate() / 10;
      double endFraction = Math.min(1, Math.max(t.finalLearningRateFraction(), 1e-3) * 10);
      DistributedTrainer.SparkRoundRunner runner =
          new DistributedTrainer(ctx.spark(), result.spec(), ctx.config().run().seed())
              .roundRunner(shards, WeightConstraint.NONE);
      try {
        return new LocalSgd(params(start), new LearningRateSchedule(start, endFraction, rounds))
            .run(
                result.weights(),
                runner,
                new LocalSgd.RoundListener() {
                  @Override
                  public void onRound(org.greentrain.train.RoundResult r) {
                    ctx.out()
                        .printf(
                            Locale.ROOT,
                            "      struct %.0f%% round %d/%d: loss %.4f%n",
                            100 * fraction,
                            r.round() + 1,
                            rounds,
                            r.trainLoss());
                  }
                });
      } finally {
        runner.release();
      }
    }

    ModelWeights prune(ModelWeights trained, double sparsity) {
      CompressConfig c = ctx.config().compress();
      int steps = c.fineTuneRounds();
      if (steps > 0) {
        loadShards();
      }
      TrainConfig t = ctx.config().train();
      // Fine-tuning continues where training's cosine schedule ended, at its lowest rate.
      double rate = t.learningRate() * Math.max(t.finalLearningRateFraction(), 1e-3);
      TrainParams params = params(rate);
      MagnitudePruner.Result result =
          GradualPruning.run(
              trained,
              sparsity,
              steps,
              c.exemptFirstLayer(),
              (start, constraint, step) -> {
                DistributedTrainer.SparkRoundRunner runner =
                    trainer.roundRunner(shards, constraint);
                try {
                  return new LocalSgd(params, new LearningRateSchedule(rate, 1.0, 1), constraint)
                      .run(
                          start,
                          runner,
                          new LocalSgd.RoundListener() {
                            @Override
                            public void onRound(org.greentrain.train.RoundResult r) {
                              ctx.out()
                                  .printf(
                                      Locale.ROOT,
                                      "      prune %.0f%% step %d/%d: loss %.4f%n",
                                      100 * sparsity,
                                      step,
                                      steps,
                                      r.trainLoss());
                            }
                          });
                } finally {
                  runner.release();
                }
              });
      return result.weights();
    }

    void close() {
      if (shards != null) {
        shards.unpersist();
      }
    }
  }
}
