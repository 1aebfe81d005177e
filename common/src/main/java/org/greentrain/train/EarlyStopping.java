package org.greentrain.train;

import java.util.Locale;
import java.util.Optional;
import org.greentrain.config.Checks;
import org.greentrain.config.ConfigKeys;
import org.greentrain.model.ModelWeights;

/**
 * Early stopping on validation accuracy: a round improves on the best so far when its accuracy is
 * higher by at least {@code minDelta} (and higher at all when {@code minDelta} is 0); after {@code
 * patience} rounds without an improvement training stops. {@code patience} 0 never stops. Training
 * keeps the best round's weights either way.
 */
public record EarlyStopping(int patience, double minDelta) {

  /** The best validated round so far and its weights. */
  public record Best(int round, double accuracy, ModelWeights weights) {}

  public EarlyStopping {
    Checks.atLeast(ConfigKeys.TRAIN_EARLY_STOPPING_PATIENCE, patience, 0);
    if (!(minDelta >= 0 && minDelta < 1)) {
      throw new IllegalArgumentException(
          "Invalid "
              + ConfigKeys.TRAIN_EARLY_STOPPING_MIN_DELTA
              + ": "
              + minDelta
              + " (in [0, 1))");
    }
  }

  /** The best after validating round {@code round}: it, if it improved on {@code best}. */
  public Best observe(Best best, int round, double accuracy, ModelWeights weights) {
    if (best == null || (accuracy > best.accuracy() && accuracy - best.accuracy() >= minDelta)) {
      return new Best(round, accuracy, weights);
    }
    return best;
  }

  /** Why to stop after round {@code round}, or empty to go on. */
  public Optional<String> stopAfter(Best best, int round) {
    int without = round - best.round();
    if (patience == 0 || without < patience) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "early stopping: validation accuracy did not improve by at least %s for %d rounds after"
                + " round %d (best %.4f); keeping the weights of round %d",
            minDelta,
            without,
            best.round() + 1,
            best.accuracy(),
            best.round() + 1));
  }
}
