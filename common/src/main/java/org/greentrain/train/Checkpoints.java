package org.greentrain.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.ModelWeightsCodec;
import org.greentrain.store.Json;
import org.greentrain.store.TrainingRound;
import org.greentrain.store.WarehouseFiles;

/**
 * The train stage's checkpoints: everything training needs to continue after a round, in {@code
 * checkpoints/round-<n>/}: {@code weights.gtm}, {@code moments.gtm} (Adam's moments, when the
 * optimizer has them) and {@code best.gtm} (the best validated weights, when validating); then
 * {@code checkpoints/checkpoint.json} naming the round, the config keys the model depends on and
 * the rounds' rows and energy, written atomically last. A crash at any point leaves the JSON naming
 * a complete earlier round; older round directories are deleted after the JSON moves on.
 */
final class Checkpoints {

  /**
   * What checkpoint.json holds.
   *
   * @param bestRound the best validated round (0-based), -1 without validation
   * @param bestAccuracy its validation accuracy, 0 without validation
   * @param config the effective values of the keys the trained model depends on ({@link
   *     ResumeConfig}); null in checkpoints of older versions
   * @param joules application energy of the rounds done, all attempts (J)
   * @param rounds the training_rounds rows of the rounds done, all attempts
   */
  record Checkpoint(
      int roundsDone,
      int roundsPlanned,
      String configHash,
      int bestRound,
      double bestAccuracy,
      Map<String, String> config,
      double joules,
      List<TrainingRound> rounds) {

    /** The rounds this checkpoint covers, with their energy. */
    RoundsDone done() {
      return new RoundsDone(rounds, joules);
    }
  }

  /** A checkpoint with the state it names. */
  record Saved(Checkpoint checkpoint, LocalSgd.Snapshot snapshot) {}

  private final WarehouseFiles files;
  private final Json json;
  private final Path dir;
  private final String configHash;
  private final Map<String, String> config;

  /**
   * @param dir the run's checkpoint directory
   * @param configHash the run's config hash, recorded with every checkpoint
   * @param config the keys the trained model depends on ({@link ResumeConfig}), recorded with every
   *     checkpoint
   */
  Checkpoints(WarehouseFiles files, Path dir, String configHash, Map<String, String> config) {
    this.files = files;
    this.json = new Json(files);
    this.dir = dir;
    this.configHash = configHash;
    this.config = new TreeMap<>(config);
  }

  /** Saves the state after {@code done.count()} rounds, with their rows and energy. */
  void save(LocalSgd.Snapshot snapshot, RoundsDone done, int roundsPlanned) {
    int roundsDone = done.count();
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
    json.write(
        new Path(dir, "checkpoint.json"),
        new Checkpoint(
            roundsDone,
            roundsPlanned,
            configHash,
            best == null ? -1 : best.round(),
            best == null ? 0 : best.accuracy(),
            config,
            done.joules(),
            done.rounds()));
    for (Path old : files.listDirectories(dir)) {
      if (!old.getName().equals(round.getName())) {
        files.deleteRecursively(old);
      }
    }
  }

  /** The latest checkpoint with its state, or empty when the run has none. */
  Optional<Saved> latest() {
    Path file = new Path(dir, "checkpoint.json");
    if (!files.exists(file)) {
      return Optional.empty();
    }
    Checkpoint c = json.read(file, Checkpoint.class);
    Path round = roundDir(c.roundsDone());
    ModelWeights weights = read(new Path(round, "weights.gtm"));
    Path moments = new Path(round, "moments.gtm");
    TrainState state =
        files.exists(moments) ? new TrainState(weights, read(moments)) : TrainState.of(weights);
    EarlyStopping.Best best =
        c.bestRound() < 0
            ? null
            : new EarlyStopping.Best(
                c.bestRound(), c.bestAccuracy(), read(new Path(round, "best.gtm")));
    return Optional.of(new Saved(c, new LocalSgd.Snapshot(state, best)));
  }

  void clear() {
    files.deleteRecursively(dir);
  }

  private Path roundDir(int roundsDone) {
    return new Path(dir, "round-" + roundsDone);
  }

  private void write(Path path, ModelWeights weights) {
    files.writeAtomically(path, out -> ModelWeightsCodec.write(weights, out));
  }

  private ModelWeights read(Path path) {
    try (InputStream in = files.open(path)) {
      return ModelWeightsCodec.read(in, path.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + path, e);
    }
  }
}
