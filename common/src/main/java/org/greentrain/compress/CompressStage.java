package org.greentrain.compress;

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
import org.greentrain.error.UserError;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.ModelWeightsCodec;
import org.greentrain.model.TensorFileFormat;
import org.greentrain.pipeline.RunContext;
import org.greentrain.pipeline.StageOutcome;
import org.greentrain.store.ModelRegistry;
import org.greentrain.train.TrainStage;

/**
 * Stage 3: builds every variant of {@code compress.variants} from the trained model (pruning with
 * fine-tuning on Spark, int8 quantization) and writes one artifact each; reports S1/S2.
 */
public final class CompressStage {

  public static final String STAGE = "compress";

  private final RunContext ctx;

  public CompressStage(RunContext ctx) {
    this.ctx = ctx;
  }

  public StageOutcome run() {
    refuseUnsupportedVariants();
    Path fp32 = ctx.warehouse().fp32Model(ctx.runId());
    ctx.require(fp32, "trained model", TrainStage.STAGE);
    ModelWeights weights = readWeights(fp32);
    long s1 = ctx.files().length(fp32);
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("fp32_bytes", (double) s1);
    try (FineTuning tuning = new FineTuning(ctx)) {
      Sources sources = new Sources(weights, tuning);
      for (String name : ctx.config().compress().variants()) {
        CompressionVariant variant = CompressionVariant.parse(name);
        Path artifact = ctx.warehouse().variantModel(ctx.runId(), variant.fileName());
        FineTuning.Tuned source = sources.of(variant);
        write(variant, source.weights(), artifact);
        if (source.roundsRun() > 0) {
          metrics.put(name + "_fine_tune_rounds", (double) source.roundsRun());
          metrics.put(name + "_fine_tune_kept_round", (double) source.keptRound());
          ctx.out()
              .printf(
                  Locale.ROOT,
                  "      %s: fine-tuned %d rounds, kept round %d%n",
                  name,
                  source.roundsRun(),
                  source.keptRound());
        }
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
    }
    writeManifest();
    long int8 = metrics.get("int8_bytes").longValue();
    metrics.put("compression_ratio", metrics.get("int8_ratio"));
    return new StageOutcome(null, null, int8, null, metrics);
  }

  /**
   * Fails before any work if a variant prunes structurally a network whose layers structured
   * pruning does not know: a class network.
   */
  private void refuseUnsupportedVariants() {
    ModelSpec spec = ctx.modelSpec();
    for (String name : ctx.config().compress().variants()) {
      if (CompressionVariant.parse(name).isStructured() && !spec.hasPrunableWidths()) {
        throw new UserError(
            "Cannot compress with variant "
                + name
                + " (compress.variants): structured pruning supports the cnn, mlp, resnet and"
                + " mobilenet, not the "
                + spec.modelName()
                + " of train.model; use prune-NN or int8 variants");
      }
    }
  }

  /**
   * The model each variant starts from. prune-80 and prune-80+int8 share one pruned, fine-tuned
   * model; struct-50 and struct-50+int8 one narrower, fine-tuned network.
   */
  private static final class Sources {
    private final ModelWeights trained;
    private final FineTuning tuning;
    private final Map<Double, FineTuning.Tuned> pruned = new HashMap<>();
    private final Map<Double, FineTuning.Tuned> narrowed = new HashMap<>();

    Sources(ModelWeights trained, FineTuning tuning) {
      this.trained = trained;
      this.tuning = tuning;
    }

    FineTuning.Tuned of(CompressionVariant variant) {
      if (variant.isPruned()) {
        return pruned.computeIfAbsent(variant.sparsity(), s -> tuning.prune(trained, s));
      }
      if (variant.isStructured()) {
        return narrowed.computeIfAbsent(variant.structured(), f -> tuning.narrow(trained, f));
      }
      return new FineTuning.Tuned(trained, 0, 0);
    }
  }

  private void write(CompressionVariant variant, ModelWeights source, Path artifact) {
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
  private void writeManifest() {
    List<Path> paths = new ArrayList<>();
    paths.add(ctx.warehouse().fp32Model(ctx.runId()));
    for (String name : ctx.config().compress().variants()) {
      paths.add(
          ctx.warehouse().variantModel(ctx.runId(), CompressionVariant.parse(name).fileName()));
    }
    List<ModelRegistry.FileEntry> files = new ArrayList<>();
    for (Path p : paths) {
      files.add(
          new ModelRegistry.FileEntry(p.getName(), ctx.files().length(p), ctx.files().sha256(p)));
    }
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("run_id", ctx.runId());
    manifest.put("model", ctx.modelSpec());
    manifest.put("files", files);
    ctx.json().write(ctx.warehouse().modelManifest(ctx.runId()), manifest);
  }

  private ModelWeights readWeights(Path path) {
    try (InputStream in = ctx.files().open(path)) {
      return ModelWeightsCodec.read(in, path.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + path, e);
    }
  }
}
