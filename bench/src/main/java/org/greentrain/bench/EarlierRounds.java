package org.greentrain.bench;

import java.time.Instant;
import java.util.List;

/**
 * The training rounds of a resumed run that an earlier application ran before it crashed or was
 * killed. The train stage's {@code stage_energy} row is the last attempt's only (docs/training.md,
 * "What the energy rows say after a resume"), while {@code training_rounds} keeps every round of
 * the model's history: those that started before the stage's last attempt are the earlier
 * applications'. Rounds lost after the last checkpoint are in neither.
 *
 * @param rounds how many rounds started before the stage
 * @param wallS their wall time
 * @param energyJ their energy; NaN when a round has none (no energy plugin)
 */
record EarlierRounds(int rounds, double wallS, double energyJ) {

  /** One row of {@code training_rounds}; {@code energyJ} NaN where the row holds null. */
  record Round(String startedAt, double wallS, double energyJ) {}

  static final EarlierRounds NONE = new EarlierRounds(0, 0, 0);

  /** The rounds of {@code history} that started before {@code stageStartedAt} (ISO-8601). */
  static EarlierRounds before(String stageStartedAt, List<Round> history) {
    Instant stageStart = Instant.parse(stageStartedAt);
    int rounds = 0;
    double wall = 0;
    double energy = 0;
    for (Round r : history) {
      if (Instant.parse(r.startedAt()).isBefore(stageStart)) {
        rounds++;
        wall += r.wallS();
        energy += r.energyJ();
      }
    }
    return new EarlierRounds(rounds, wall, energy);
  }
}
