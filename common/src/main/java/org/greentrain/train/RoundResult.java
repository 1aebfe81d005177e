package org.greentrain.train;

/**
 * What one round of local SGD did.
 *
 * @param round 0-based round number
 * @param trainLoss mean training loss per sample over all shards' local steps
 * @param samples samples stepped over by all shards together
 * @param wallSeconds driver wall time of the round: broadcast, local steps, averaging and
 *     validation
 * @param startedAtMs epoch milliseconds when the round started on the driver
 * @param endedAtMs epoch milliseconds when its average (and validation) was ready
 * @param validationAccuracy accuracy of the averaged weights on the validation split, NaN when
 *     training does not validate
 * @param validationSeconds driver wall time of the validation, 0 without one
 * @param computeSeconds in-task time of the slowest shard's local steps; the rest of the round is
 *     overhead (broadcast, scheduling, averaging, validation); 0 when the runner does not say
 */
public record RoundResult(
    int round,
    int rounds,
    double learningRate,
    double trainLoss,
    long samples,
    double wallSeconds,
    long startedAtMs,
    long endedAtMs,
    double validationAccuracy,
    double validationSeconds,
    double computeSeconds) {

  public boolean isValidated() {
    return !Double.isNaN(validationAccuracy);
  }
}
