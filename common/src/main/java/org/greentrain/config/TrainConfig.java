package org.greentrain.config;

import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;
import org.greentrain.error.UserError;

/** Local SGD across shards: see {@code conf/application.conf} for the meaning of each key. */
public record TrainConfig(
    String model,
    int epochs,
    int rounds,
    int localSteps,
    int shards,
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
    boolean batchNorm,
    int depth,
    List<Integer> widths,
    double widthMultiplier,
    String optimize,
    double gpuPowerLimitW,
    int taskCpus)
    implements Serializable {

  /** {@code train.optimize}: the configured settings, as they are. */
  public static final String OPTIMIZE_OFF = "off";

  /** {@code train.optimize}: settings chosen among tune.candidates from the history (Zeus). */
  public static final String OPTIMIZE_ENERGY = "energy";

  /** The built-in architectures; {@code class:<name>} names a user's model factory. */
  public static final List<String> MODELS = List.of("cnn", "mlp", "resnet", "mobilenet");

  /** The prefix of a model that names a user's model factory class. */
  public static final String CLASS_PREFIX = "class:";

  // A Java binary name: dotted identifiers, nested classes with '$'.
  private static final Pattern CLASS_NAME =
      Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");

  public TrainConfig {
    checkModel(model);
    checkShape(model, depth, widths, widthMultiplier);
    widths = List.copyOf(widths);
    Checks.atLeast(ConfigKeys.TRAIN_EPOCHS, epochs, 1);
    Checks.atLeast(ConfigKeys.TRAIN_ROUNDS, rounds, 0);
    Checks.atLeast(ConfigKeys.TRAIN_LOCAL_STEPS, localSteps, 0);
    Checks.atLeast(ConfigKeys.TRAIN_SHARDS, shards, 0);
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
    Checks.range(ConfigKeys.TRAIN_GPU_POWER_LIMIT_W, gpuPowerLimitW, 0, 10_000);
    // Its upper bound is the executors' cores, which only the Spark application knows (TaskCpus).
    Checks.atLeast(ConfigKeys.TRAIN_TASK_CPUS, taskCpus, 0);
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
    if (!List.of(OPTIMIZE_OFF, OPTIMIZE_ENERGY).contains(optimize)) {
      throw new UserError(
          "Invalid " + ConfigKeys.TRAIN_OPTIMIZE + ": " + optimize + " (off or energy)");
    }
    if (optimize.equals(OPTIMIZE_ENERGY) && targetAccuracy == 0) {
      throw new UserError(
          "Invalid "
              + ConfigKeys.TRAIN_OPTIMIZE
              + ": energy minimises the cost of reaching "
              + ConfigKeys.TRAIN_TARGET_ACCURACY
              + ", which is 0; set a target");
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

  private static void checkModel(String model) {
    boolean byClass =
        model.startsWith(CLASS_PREFIX)
            && CLASS_NAME.matcher(model.substring(CLASS_PREFIX.length())).matches();
    if (!MODELS.contains(model) && !byClass) {
      throw new UserError(
          "Invalid "
              + ConfigKeys.TRAIN_MODEL
              + ": "
              + model
              + " (cnn, mlp, resnet, mobilenet or class:<fully.qualified.ClassName>)");
    }
  }

  private static void checkShape(
      String model, int depth, List<Integer> widths, double widthMultiplier) {
    if (depth < 8 || (depth - 2) % 6 != 0) {
      throw new UserError(
          "Invalid " + ConfigKeys.TRAIN_DEPTH + ": " + depth + " (6n+2: 8, 14, 20, 32, ...)");
    }
    Checks.range(ConfigKeys.TRAIN_WIDTH_MULTIPLIER, widthMultiplier, 0.01, 4);
    int expected =
        switch (model) {
          case "cnn", "resnet" -> 3;
          case "mlp" -> 1;
          case "mobilenet" -> 5;
          default -> 0;
        };
    if (!widths.isEmpty() && (widths.size() != expected || widths.stream().anyMatch(w -> w < 1))) {
      throw new UserError(
          "Invalid "
              + ConfigKeys.TRAIN_WIDTHS
              + ": "
              + widths
              + " ("
              + (expected == 0
                  ? "a class: model has no widths; leave it empty"
                  : "empty for the defaults, or " + expected + " widths of at least 1 for " + model)
              + ")");
    }
  }
}
