package org.greentrain.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.greentrain.compress.CompressStage;
import org.greentrain.config.PublishConfig;
import org.greentrain.data.spark.DataSources;
import org.greentrain.digest.Sha256;
import org.greentrain.evaluate.EvaluateStage;
import org.greentrain.pipeline.RunContext;
import org.greentrain.pipeline.StageOutcome;
import org.greentrain.store.Json;
import org.greentrain.store.ModelRegistry;
import org.greentrain.store.QualityGate;
import org.greentrain.store.QualityGate.Verdict;
import org.greentrain.store.StageReport;

/**
 * Stage 5: publishes both models with a manifest under models/<name>/<run id>/, and moves
 * models/<name>/LATEST to it when the quality gate passes.
 */
public final class PublishStage {

  public static final String STAGE = "publish";

  /** What the run's earlier stages reported, summed for the manifest. */
  private record Totals(
      Map<String, Double> metrics, double joules, double co2eGrams, boolean estimated) {

    static Totals of(List<StageReport> reports) {
      Map<String, Double> metrics = new LinkedHashMap<>();
      double joules = 0;
      double co2e = 0;
      boolean estimated = false;
      for (StageReport r : reports) {
        metrics.putAll(r.metrics());
        joules += r.energyJoules();
        co2e += r.co2eGrams();
        estimated |= r.estimated();
      }
      return new Totals(metrics, joules, co2e, estimated);
    }

    Map<String, Object> energy() {
      return Map.of(
          "energy_j",
          joules,
          "energy_kwh",
          joules / 3.6e6,
          "co2e_g",
          co2eGrams,
          "estimated",
          estimated);
    }
  }

  private final RunContext ctx;

  public PublishStage(RunContext ctx) {
    this.ctx = ctx;
  }

  public StageOutcome run() {
    ctx.require(ctx.warehouse().int8Model(ctx.runId()), "compressed model", CompressStage.STAGE);
    ctx.require(
        ctx.warehouse().stageReport(ctx.runId(), EvaluateStage.STAGE),
        "evaluation",
        EvaluateStage.STAGE);
    Totals totals = Totals.of(ctx.stageReports());
    Map<String, Object> manifest = manifest(totals);
    PublishConfig config = ctx.config().publish();
    String name = config.modelName();
    ModelRegistry registry = new ModelRegistry(ctx.files(), ctx.warehouse().models());
    Optional<String> latest = registry.latest(name);
    Verdict verdict =
        new QualityGate(config.minAccuracy(), config.maxAccuracyDrop())
            .evaluate(
                totals.metrics().getOrDefault("fp32_accuracy", Double.NaN),
                registry.latestAccuracy(name));
    manifest.put("gate", verdict.passed() ? "passed" : "gated");
    manifest.put("gate_reason", verdict.reason());
    manifest.put("latest_before", latest.orElse(null));
    long bytes = ctx.files().length(ctx.warehouse().int8Model(ctx.runId()));
    if (!verdict.passed() && latest.equals(Optional.of(ctx.runId()))) {
      // Replacing the files LATEST points at with a gated model would serve it anyway.
      String note =
          "gated and not published: LATEST points at "
              + name
              + "/"
              + ctx.runId()
              + ", whose published files were kept; "
              + verdict.reason();
      ctx.out().printf("publish: %s%n", note);
      return new StageOutcome(2L, 0L, bytes, null, Map.of("gate_passed", 0.0), note);
    }
    registry.publish(name, ctx.runId(), artifacts(), manifest);
    moveLatestIfPassed(registry, name, latest, verdict);
    return new StageOutcome(
        2L, 2L, bytes, null, Map.of("gate_passed", verdict.passed() ? 1.0 : 0.0));
  }

  /** The manifest up to the gate's verdict: the run, its model, metrics, energy and config. */
  private Map<String, Object> manifest(Totals totals) {
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("run_id", ctx.runId());
    manifest.put("run_date", ctx.run().runDate());
    manifest.put("published_at", Instant.now().toString());
    manifest.put("code_version", ctx.run().codeVersion());
    manifest.put("model", ctx.modelSpec());
    manifest.put("metrics", totals.metrics());
    manifest.put("energy_before_publish", totals.energy());
    manifest.put("config_hash", ctx.run().configHash());
    manifest.put("data_fingerprint", dataFingerprint(ctx));
    manifest.put("config", parse(ctx.run().configJson()));
    return manifest;
  }

  private Map<String, Path> artifacts() {
    Map<String, Path> artifacts = new LinkedHashMap<>();
    artifacts.put("model-fp32.gtm", ctx.warehouse().fp32Model(ctx.runId()));
    artifacts.put("model-int8.gtm", ctx.warehouse().int8Model(ctx.runId()));
    return artifacts;
  }

  // The gate only decides what serving systems load; a gated version stays published for
  // inspection and the run still succeeds.
  private void moveLatestIfPassed(
      ModelRegistry registry, String name, Optional<String> latest, Verdict verdict) {
    if (verdict.passed()) {
      registry.moveLatest(name, ctx.runId());
      ctx.out()
          .printf(
              "publish: %s/%s is LATEST (gate passed: %s)%n", name, ctx.runId(), verdict.reason());
    } else {
      ctx.out()
          .printf(
              "publish: %s/%s gated, LATEST stays %s: %s%n",
              name, ctx.runId(), latest.orElse("unset"), verdict.reason());
    }
  }

  /**
   * SHA-256 over the names and SHA-256s of the source files the run read, so two versions trained
   * on the same bytes show the same fingerprint wherever the files lived.
   */
  static String dataFingerprint(RunContext ctx) {
    StringBuilder listing = new StringBuilder();
    for (Path p :
        DataSources.files(ctx.spark().sparkContext().hadoopConfiguration(), ctx.config().data())) {
      listing.append(p.getName()).append(' ').append(ctx.files().sha256(p)).append('\n');
    }
    return Sha256.hex(listing.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static Object parse(String json) {
    try {
      return Json.mapper().readValue(json, Object.class);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to parse the run's recorded config", e);
    }
  }
}
