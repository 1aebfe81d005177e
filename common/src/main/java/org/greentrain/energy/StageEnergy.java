package org.greentrain.energy;

/**
 * Energy and carbon of one pipeline stage.
 *
 * @param joules IT energy, before PUE
 * @param co2eGrams joules in kWh x PUE x intensity
 * @param intensityGramsPerKwh grid intensity used, gCO2e/kWh
 */
public record StageEnergy(
    double joules,
    boolean estimated,
    String method,
    double co2eGrams,
    String region,
    double intensityGramsPerKwh,
    double pue) {}
