package org.greentrain.store;

import org.apache.hadoop.fs.Path;
import org.greentrain.energy.PathSegments;

/**
 * The warehouse layout: per-run scratch data under {@code runs/<run_id>/}, analyst tables under
 * {@code tables/<name>/}, published models under {@code models/<name>/<version>/}.
 */
public record Warehouse(Path root) {

  public Path runDir(String runId) {
    return new Path(root, "runs/" + PathSegments.check("run id", runId));
  }

  /** Held while a command works on the run; see {@link RunLock}. */
  public Path runLock(String runId) {
    return new Path(runDir(runId), ".lock");
  }

  /** The run's identity and start, written by its first stage. */
  public Path runInfo(String runId) {
    return new Path(runDir(runId), "run.json");
  }

  public Path augmented(String runId) {
    return new Path(runDir(runId), "augmented");
  }

  /** The trained fp32 model, in the {@code ModelWeightsCodec} format. */
  public Path fp32Model(String runId) {
    return new Path(runDir(runId), "model/model-fp32.gtm");
  }

  /** The compressed model, in the {@code QuantizedModelCodec} format. */
  public Path int8Model(String runId) {
    return new Path(runDir(runId), "model/model-int8.gtm");
  }

  /** The artifact of one compression variant, by its file name ({@code model-int8.gtm}). */
  public Path variantModel(String runId, String fileName) {
    return new Path(runDir(runId), "model/" + PathSegments.check("model file name", fileName));
  }

  /**
   * The run's model manifest, beside its model files: architecture, bytes and SHA-256 of every
   * model file, so the evaluate stage loads them verified.
   */
  public Path modelManifest(String runId) {
    return new Path(runDir(runId), "model/manifest.json");
  }

  /** The run's report pages: {@code compression.md} and {@code compression.png}. */
  public Path report(String runId) {
    return new Path(runDir(runId), "report");
  }

  /** One JSON file per finished stage with its metrics and energy. */
  public Path stageReport(String runId, String stage) {
    return new Path(runDir(runId), "stages/" + PathSegments.check("stage", stage) + ".json");
  }

  public Path stageReports(String runId) {
    return new Path(runDir(runId), "stages");
  }

  /** Checkpoints of the run's training: weights after a round, and the latest one's round. */
  public Path checkpoints(String runId) {
    return new Path(runDir(runId), "checkpoints");
  }

  public Path table(String name) {
    return new Path(tables(), PathSegments.check("table", name));
  }

  /** The directory holding every analyst table. */
  public Path tables() {
    return new Path(root, "tables");
  }

  public Path models() {
    return new Path(root, "models");
  }
}
