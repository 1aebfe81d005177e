package org.greentrain.train;

/**
 * What one round of local SGD did.
 *
 * @param round 0-based round number
 * @param trainLoss mean training loss per sample over all shards' local steps
 * @param samples samples stepped over by all shards together
 * @param wallSeconds driver wall time of the round: broadcast, local steps, averaging
 * @param startedAtMs epoch milliseconds when the round started on the driver
 * @param endedAtMs epoch milliseconds when its average was ready
 */
public record RoundResult(
    int round, int rounds, double learningRate, double trainLoss, long samples,
    double wallSeconds, long startedAtMs, long endedAtMs) {}
