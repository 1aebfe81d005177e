package org.greentrain.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.ModelWeightsCodec;
import org.greentrain.pipeline.RunContext;
import org.greentrain.train.EarlyStopping;
import org.greentrain.train.LocalSgd;
import org.greentrain.train.TrainState;

/**
 * The train stage's checkpoints: everything training needs to continue after a round, in {@code
 * checkpoints/round-<n>/}: {@code weights.gtm}, {@code moments.gtm} (Adam's moments, when the
 * optimizer has them) and {@code best.gtm} (the best validated weights, when validating); then
 * {@code checkpoints/checkpoint.json} naming the round, written atomically last. A crash at any
 * point leaves the JSON naming a complete earlier round; older round directories are deleted after
 * the JSON moves on.
 */
final class Checkpoints {

  /**
   * What checkpoint.json holds.
   *
   * @param bestRound the best validated round (0-based), -1 without validation
   * @param bestAccuracy its validation accuracy, 0 without validation
   */
  record Checkpoint(
      int roundsDone, int roundsPlanned, String configHash, int bestRound, double bestAccuracy) {}

  /** A checkpoint with the state it names. */
  record Saved(Checkpoint checkpoint, LocalSgd.Snapshot snapshot) {}

  private final RunContext ctx;
  private final Path dir;

  Checkpoints(RunContext ctx) {
    this.ctx = ctx;
    this.dir = ctx.warehouse().checkpoints(ctx.runId());
  }

  void save(LocalSgd.Snapshot snapshot, int roundsDone, int roundsPlanned) {
    Path round = roundDir(roundsDone);
    TrainState state = snapshot.state();
    write(new Path(round, "weights.gtm"), state.weights());
    if (state.hasMoments()) {
      write(new Path(round, "moments.gtm"), state.moments());
    }
    EarlyStopping.Best best = snapshot.best();
    if (best != null) {
      write(new Path(round, "best.gtm"), best.weights());
    }
    ctx.json()
        .write(
            new Path(dir, "checkpoint.json"),
            new Checkpoint(
                roundsDone,
                roundsPlanned,
                ctx.run().configHash(),
                best == null ? -1 : best.round(),
                best == null ? 0 : best.accuracy()));
    for (Path old : ctx.files().listDirectories(dir)) {
      if (!old.getName().equals(round.getName())) {
        ctx.files().deleteRecursively(old);
      }
    }
  }

  /** The latest checkpoint with its state, or empty when the run has none. */
  Optional<Saved> latest() {
    Path json = new Path(dir, "checkpoint.json");
    if (!ctx.files().exists(json)) {
      return Optional.empty();
    }
    Checkpoint c = ctx.json().read(json, Checkpoint.class);
    Path round = roundDir(c.roundsDone());
    ModelWeights weights = read(new Path(round, "weights.gtm"));
    Path moments = new Path(round, "moments.gtm");
    TrainState state =
        ctx.files().exists(moments)
            ? new TrainState(weights, read(moments))
            : TrainState.of(weights);
    EarlyStopping.Best best =
        c.bestRound() < 0
            ? null
            : new EarlyStopping.Best(
                c.bestRound(), c.bestAccuracy(), read(new Path(round, "best.gtm")));
    return Optional.of(new Saved(c, new LocalSgd.Snapshot(state, best)));
  }

  void clear() {
    ctx.files().deleteRecursively(dir);
  }

  private Path roundDir(int roundsDone) {
    return new Path(dir, "round-" + roundsDone);
  }

  private void write(Path path, ModelWeights weights) {
    ctx.files().writeAtomically(path, out -> ModelWeightsCodec.write(weights, out));
  }

  private ModelWeights read(Path path) {
    try (InputStream in = ctx.files().open(path)) {
      return ModelWeightsCodec.read(in, path.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + path, e);
    }
  }
}
