package org.greentrain.config;

import java.io.Serializable;
import java.util.List;

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
    int checkpointEvery,
    String optimizer,
    double adamBeta1,
    double adamBeta2,
    double adamEpsilon,
    double warmupEpochs,
    double validationFraction,
    int earlyStoppingPatience,
    double earlyStoppingMinDelta,
    double dropout,
    double labelSmoothing,
    boolean batchNorm)
    implements Serializable {

  public TrainConfig {
    if (!List.of("cnn", "mlp").contains(model)) {
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
    if (!List.of("sgd", "adam").contains(optimizer)) {
      throw new IllegalArgumentException(
          "Invalid train.optimizer: " + optimizer + " (sgd or adam)");
    }
    Checks.range("train.adam-beta1", adamBeta1, 0, 0.9999);
    Checks.range("train.adam-beta2", adamBeta2, 0, 0.999999);
    Checks.range("train.adam-epsilon", adamEpsilon, 1e-12, 1);
    if (!(warmupEpochs >= 0 && warmupEpochs < epochs)) {
      throw new IllegalArgumentException(
          "Invalid train.warmup-epochs: "
              + warmupEpochs
              + " (at least 0 and below train.epochs "
              + epochs
              + ")");
    }
    Checks.range("train.validation-fraction", validationFraction, 0, 0.5);
    Checks.atLeast("train.early-stopping-patience", earlyStoppingPatience, 0);
    Checks.range("train.early-stopping-min-delta", earlyStoppingMinDelta, 0, 0.5);
    Checks.range("train.dropout", dropout, 0, 0.9);
    Checks.range("train.label-smoothing", labelSmoothing, 0, 0.5);
    if (earlyStoppingPatience > 0 && validationFraction == 0) {
      throw new IllegalArgumentException(
          "Invalid train.early-stopping-patience: "
              + earlyStoppingPatience
              + " needs a validation split; set train.validation-fraction above 0");
    }
  }
}
