package org.greentrain.store;

/**
 * One round of local SGD as the {@code training_rounds} table records it. Energy and carbon are
 * null when no energy plugin measured the round; validation accuracy is null when training does not
 * validate.
 *
 * @param startedAt ISO-8601 instant the round started on the driver
 */
public record TrainingRound(
    int round,
    int roundsPlanned,
    double trainLoss,
    double learningRate,
    long samples,
    double wallSeconds,
    String startedAt,
    Double energyJoules,
    Double co2eGrams,
    Double validationAccuracy) {}
