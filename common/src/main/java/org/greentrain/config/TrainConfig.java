package org.greentrain.config;

import java.io.Serializable;
import java.util.List;
import org.greentrain.error.UserError;

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
    double targetAccuracy,
    double dropout,
    double labelSmoothing,
    boolean batchNorm)
    implements Serializable {

  public TrainConfig {
    if (!List.of("cnn", "mlp").contains(model)) {
      throw new UserError("Invalid " + ConfigKeys.TRAIN_MODEL + ": " + model + " (cnn or mlp)");
    }
    Checks.atLeast(ConfigKeys.TRAIN_EPOCHS, epochs, 1);
    Checks.atLeast(ConfigKeys.TRAIN_ROUNDS, rounds, 0);
    Checks.atLeast(ConfigKeys.TRAIN_LOCAL_STEPS, localSteps, 0);
    Checks.atLeast(ConfigKeys.TRAIN_BATCH_SIZE, batchSize, 1);
    Checks.range(ConfigKeys.TRAIN_LEARNING_RATE, learningRate, 1e-9, 10);
    Checks.range(ConfigKeys.TRAIN_FINAL_LEARNING_RATE_FRACTION, finalLearningRateFraction, 0, 1);
    Checks.range(ConfigKeys.TRAIN_MOMENTUM, momentum, 0, 0.999);
    Checks.range(ConfigKeys.TRAIN_WEIGHT_DECAY, weightDecay, 0, 1);
    Checks.range(ConfigKeys.TRAIN_ENERGY_BUDGET_KWH, energyBudgetKwh, 0, 1e9);
    Checks.atLeast(ConfigKeys.TRAIN_CHECKPOINT_EVERY, checkpointEvery, 0);
    if (!List.of("sgd", "adam").contains(optimizer)) {
      throw new UserError(
          "Invalid " + ConfigKeys.TRAIN_OPTIMIZER + ": " + optimizer + " (sgd or adam)");
    }
    Checks.range(ConfigKeys.TRAIN_ADAM_BETA1, adamBeta1, 0, 0.9999);
    Checks.range(ConfigKeys.TRAIN_ADAM_BETA2, adamBeta2, 0, 0.999999);
    Checks.range(ConfigKeys.TRAIN_ADAM_EPSILON, adamEpsilon, 1e-12, 1);
    if (!(warmupEpochs >= 0 && warmupEpochs < epochs)) {
      throw new UserError(
          "Invalid "
              + ConfigKeys.TRAIN_WARMUP_EPOCHS
              + ": "
              + warmupEpochs
              + " (at least 0 and below "
              + ConfigKeys.TRAIN_EPOCHS
              + " "
              + epochs
              + ")");
    }
    Checks.range(ConfigKeys.TRAIN_VALIDATION_FRACTION, validationFraction, 0, 0.5);
    Checks.atLeast(ConfigKeys.TRAIN_EARLY_STOPPING_PATIENCE, earlyStoppingPatience, 0);
    Checks.range(ConfigKeys.TRAIN_EARLY_STOPPING_MIN_DELTA, earlyStoppingMinDelta, 0, 0.5);
    Checks.range(ConfigKeys.TRAIN_TARGET_ACCURACY, targetAccuracy, 0, 1);
    Checks.range(ConfigKeys.TRAIN_DROPOUT, dropout, 0, 0.9);
    Checks.range(ConfigKeys.TRAIN_LABEL_SMOOTHING, labelSmoothing, 0, 0.5);
    if (targetAccuracy > 0 && validationFraction == 0) {
      throw new UserError(
          "Invalid "
              + ConfigKeys.TRAIN_TARGET_ACCURACY
              + ": "
              + targetAccuracy
              + " needs a validation split to measure it on; set "
              + ConfigKeys.TRAIN_VALIDATION_FRACTION
              + " above 0");
    }
    if (earlyStoppingPatience > 0 && validationFraction == 0) {
      throw new UserError(
          "Invalid "
              + ConfigKeys.TRAIN_EARLY_STOPPING_PATIENCE
              + ": "
              + earlyStoppingPatience
              + " needs a validation split; set "
              + ConfigKeys.TRAIN_VALIDATION_FRACTION
              + " above 0");
    }
  }
}
