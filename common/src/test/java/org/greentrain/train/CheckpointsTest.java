package org.greentrain.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.TestWeights;
import org.greentrain.store.StageImpact;
import org.greentrain.store.TrainingRound;
import org.greentrain.store.WarehouseFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints on a local directory, without Spark or the CLI. */
class CheckpointsTest {

  private static final Map<String, String> CONFIG =
      Map.of("train.learning-rate", "0.05", "run.seed", "42");

  private static Checkpoints checkpoints(Path dir) {
    return new Checkpoints(
        new WarehouseFiles(new Configuration()),
        new org.apache.hadoop.fs.Path(dir.toUri()),
        "config-hash",
        CONFIG);
  }

  private static RoundsDone done(int rounds, double joules) {
    List<TrainingRound> rows = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      rows.add(
          new TrainingRound(
              r,
              10,
              1.5 - r * 0.1,
              0.05,
              640,
              2.0,
              "2026-11-29T00:00:00Z",
              10.0 + r,
              0.01,
              true,
              "cpu-time-model",
              null,
              // The checkpoint carries each round's impact, so a resumed training keeps it.
              new StageImpact(0.2 + r, 0.003, "embodied source", true, 1.8, 15.2676, "water")));
    }
    return new RoundsDone(rows, joules);
  }

  @Test
  void theLatestCheckpointComesBackWithItsStateAndOlderRoundsAreGone(@TempDir Path dir) {
    Checkpoints checkpoints = checkpoints(dir);
    ModelWeights first = TestWeights.smallNet(1);
    ModelWeights second = TestWeights.smallNet(2);
    ModelWeights best = TestWeights.smallNet(3);

    checkpoints.save(LocalSgd.Snapshot.start(first), done(2, 21.0), 10);
    checkpoints.save(
        new LocalSgd.Snapshot(TrainState.of(second), new EarlyStopping.Best(3, 0.75, best)),
        done(4, 46.5),
        10);

    Checkpoints.Saved latest = checkpoints(dir).latest().orElseThrow();
    assertThat(latest.checkpoint())
        .isEqualTo(
            new Checkpoints.Checkpoint(
                4, 10, "config-hash", 3, 0.75, CONFIG, 46.5, done(4, 46.5).rounds()));
    assertThat(latest.checkpoint().done()).isEqualTo(done(4, 46.5));
    SameWeights.assertSame(latest.snapshot().state().weights(), second);
    assertThat(latest.snapshot().state().hasMoments()).isFalse();
    assertThat(latest.snapshot().best().round()).isEqualTo(3);
    SameWeights.assertSame(latest.snapshot().best().weights(), best);
    assertThat(Files.exists(dir.resolve("round-2"))).isFalse();
    assertThat(Files.exists(dir.resolve("round-4/weights.gtm"))).isTrue();
  }

  @Test
  void aRunWithoutCheckpointsHasNoLatestAndClearLeavesNone(@TempDir Path dir) {
    Checkpoints checkpoints = checkpoints(dir.resolve("checkpoints"));
    assertThat(checkpoints.latest()).isEmpty();

    checkpoints.save(LocalSgd.Snapshot.start(TestWeights.smallNet(1)), done(1, 0), 5);
    checkpoints.clear();

    assertThat(checkpoints.latest()).isEmpty();
    assertThat(Files.exists(dir.resolve("checkpoints"))).isFalse();
  }
}
