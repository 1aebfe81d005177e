package org.greentrain.train;

/** How many rounds of local SGD make the configured number of epochs. */
public final class RoundPlan {

  private RoundPlan() {}

  /**
   * Rounds so that the largest shard is passed over {@code epochs} times, or {@code fixedRounds}
   * when that is positive.
   *
   * @param localSteps steps per round; 0 means one pass per round
   */
  public static int rounds(
      int epochs, int fixedRounds, int largestShard, int localSteps, int batchSize) {
    if (fixedRounds > 0) {
      return fixedRounds;
    }
    if (localSteps == 0) {
      return epochs;
    }
    long samplesPerRound = (long) localSteps * batchSize;
    return (int)
        Math.max(1, (epochs * (long) largestShard + samplesPerRound - 1) / samplesPerRound);
  }
}
