package org.greentrain.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.ModelWeightsCodec;

/**
 * The train stage's checkpoints: {@code checkpoints/weights.gtm} and {@code
 * checkpoints/checkpoint.json} naming the round they follow and the rounds planned. The weights
 * are written first and the JSON last, each atomically, so the JSON never names weights that are
 * not there.
 */
final class Checkpoints {

  /** What checkpoint.json holds. */
  record Checkpoint(int roundsDone, int roundsPlanned, String configHash) {}

  private final RunContext ctx;
  private final Path dir;

  Checkpoints(RunContext ctx) {
    this.ctx = ctx;
    this.dir = ctx.warehouse.checkpoints(ctx.runId());
  }

  void save(ModelWeights weights, int roundsDone, int roundsPlanned) {
    ctx.files.writeAtomically(new Path(dir, "weights.gtm"), out -> ModelWeightsCodec.write(weights, out));
    ctx.json.write(
        new Path(dir, "checkpoint.json"),
        new Checkpoint(roundsDone, roundsPlanned, ctx.run.configHash()));
  }

  /** The latest checkpoint with its weights, or empty when the run has none. */
  Optional<Map.Entry<Checkpoint, ModelWeights>> latest() {
    Path json = new Path(dir, "checkpoint.json");
    if (!ctx.files.exists(json)) {
      return Optional.empty();
    }
    Checkpoint c = ctx.json.read(json, Checkpoint.class);
    Path weights = new Path(dir, "weights.gtm");
    try (InputStream in = ctx.files.open(weights)) {
      return Optional.of(Map.entry(c, ModelWeightsCodec.read(in, weights.toString())));
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + weights, e);
    }
  }

  void clear() {
    ctx.files.deleteRecursively(dir);
  }
}
