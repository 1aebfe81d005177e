package org.greentrain.config;

import java.io.Serializable;

/** Local SGD across shards: see {@code conf/application.conf} for the meaning of each key. */
public record TrainConfig(
    String model,
    int epochs,
    int rounds,
    int localSteps,
    int batchSize,
    double learningRate,
    double finalLearningRateFraction,
    double momentum,
    double weightDecay,
    double energyBudgetKwh,
    int checkpointEvery)
    implements Serializable {

  public TrainConfig {
    if (!java.util.List.of("cnn", "mlp").contains(model)) {
      throw new IllegalArgumentException("Invalid train.model: " + model + " (cnn or mlp)");
    }
    Checks.atLeast("train.epochs", epochs, 1);
    Checks.atLeast("train.rounds", rounds, 0);
    Checks.atLeast("train.local-steps", localSteps, 0);
    Checks.atLeast("train.batch-size", batchSize, 1);
    Checks.range("train.learning-rate", learningRate, 1e-9, 10);
    Checks.range("train.final-learning-rate-fraction", finalLearningRateFraction, 0, 1);
    Checks.range("train.momentum", momentum, 0, 0.999);
    Checks.range("train.weight-decay", weightDecay, 0, 1);
    Checks.range("train.energy-budget-kwh", energyBudgetKwh, 0, 1e9);
    Checks.atLeast("train.checkpoint-every", checkpointEvery, 0);
  }
}
