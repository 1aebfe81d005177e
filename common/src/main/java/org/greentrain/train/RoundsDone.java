package org.greentrain.train;

import java.util.List;
import org.greentrain.store.TrainingRound;

/**
 * The rounds a training has done so far, across the attempts of a resumed training: their
 * training_rounds rows and the application energy they used.
 *
 * @param rounds one row per round done, in order; each row's energy as measured when it was
 *     recorded
 * @param joules application IT energy of those rounds (J), 0 when no energy plugin measured them
 */
record RoundsDone(List<TrainingRound> rounds, double joules) {

  static final RoundsDone NONE = new RoundsDone(List.of(), 0);

  RoundsDone {
    rounds = rounds == null ? List.of() : List.copyOf(rounds);
    if (!(joules >= 0)) {
      throw new IllegalArgumentException("Invalid energy of the rounds done: " + joules + " J");
    }
  }

  int count() {
    return rounds.size();
  }
}
