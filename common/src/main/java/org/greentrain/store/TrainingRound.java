package org.greentrain.store;

/**
 * One round of local SGD as the {@code training_rounds} table records it. Energy, carbon and how
 * the energy was obtained are null when no energy plugin measured the round; validation accuracy is
 * null when training does not validate.
 *
 * @param startedAt ISO-8601 instant the round started on the driver
 * @param estimated whether the energy plugin modelled the round's energy rather than metering it
 * @param energyMethod the energy plugin's meter method ({@code rapl}, {@code cpu-time-model}, ...)
 * @param impact the round's embodied CO2e and water and their factors, derived as a stage's are
 *     ({@link StageImpact#of}); null with {@code energyJoules}, and in rows kept from a checkpoint
 *     written before they were recorded
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
    Boolean estimated,
    String energyMethod,
    Double validationAccuracy,
    StageImpact impact) {}
