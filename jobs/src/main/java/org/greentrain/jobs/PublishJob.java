package org.greentrain.jobs;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.greentrain.store.Json;
import org.greentrain.store.ModelRegistry;
import org.greentrain.store.StageReport;

/** Stage 5: publishes both models with a manifest under models/<name>/<run id>/. */
final class PublishJob {

  static final String STAGE = "publish";

  private PublishJob() {}

  static StageOutcome run(RunContext ctx) {
    ctx.require(ctx.warehouse.int8Model(ctx.runId()), "compressed model", CompressJob.STAGE);
    ctx.require(
        ctx.warehouse.stageReport(ctx.runId(), EvaluateJob.STAGE), "evaluation",
        EvaluateJob.STAGE);
    Map<String, Double> metrics = new LinkedHashMap<>();
    double joules = 0;
    double co2e = 0;
    boolean estimated = false;
    for (StageReport r : ctx.stageReports()) {
      metrics.putAll(r.metrics());
      joules += r.energyJoules();
      co2e += r.co2eGrams();
      estimated |= r.estimated();
    }
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("run_id", ctx.runId());
    manifest.put("run_date", ctx.run.runDate());
    manifest.put("published_at", Instant.now().toString());
    manifest.put("code_version", ctx.run.codeVersion());
    manifest.put("model", ctx.modelSpec());
    manifest.put("metrics", metrics);
    manifest.put(
        "energy_before_publish",
        Map.of("energy_j", joules, "energy_kwh", joules / 3.6e6, "co2e_g", co2e,
            "estimated", estimated));
    manifest.put("config_hash", ctx.run.configHash());
    manifest.put("config", parse(ctx.run.configJson()));
    Map<String, org.apache.hadoop.fs.Path> artifacts = new LinkedHashMap<>();
    artifacts.put("model-fp32.gtm", ctx.warehouse.fp32Model(ctx.runId()));
    artifacts.put("model-int8.gtm", ctx.warehouse.int8Model(ctx.runId()));
    String name = ctx.config.publish().modelName();
    new ModelRegistry(ctx.files, ctx.warehouse.models()).publish(name, ctx.runId(), artifacts, manifest);
    long bytes = ctx.files.length(ctx.warehouse.int8Model(ctx.runId()));
    return new StageOutcome(2L, 2L, bytes, null, Map.of());
  }

  private static Object parse(String json) {
    try {
      return Json.mapper().readValue(json, Object.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Failed to parse the run's recorded config", e);
    }
  }
}
