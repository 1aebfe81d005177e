package org.greentrain.train;

import java.io.Serializable;
import org.greentrain.config.ConfigKeys;
import org.greentrain.config.TrainConfig;

/**
 * Hyper-parameters of the local steps a shard runs in one round.
 *
 * @param batchSize samples per step
 * @param learningRate step size for this round
 * @param momentum SGD heavy-ball momentum in [0, 1); the buffer starts at zero every round
 * @param weightDecay SGD: L2 penalty added to the gradients; Adam: decoupled decay per step ({@code
 *     w -= lr * weightDecay * w}); biases included in both
 * @param localSteps steps per round (H); 0 means one pass over the shard
 * @param threads PyTorch intra-op threads for the task, normally {@code spark.task.cpus}
 * @param optimizer SGD with momentum, or Adam
 * @param beta1 Adam's first-moment decay in [0, 1)
 * @param beta2 Adam's second-moment decay in [0, 1)
 * @param epsilon Adam's denominator guard, positive
 * @param dropout share of the inputs of each feature-reading dense layer zeroed per step, in [0,
 *     1); 0 is off
 * @param labelSmoothing share of the target spread evenly over the classes, in [0, 1); 0 is the
 *     plain cross-entropy
 */
public record TrainParams(
    int batchSize,
    double learningRate,
    double momentum,
    double weightDecay,
    int localSteps,
    int threads,
    Optimizer optimizer,
    double beta1,
    double beta2,
    double epsilon,
    double dropout,
    double labelSmoothing)
    implements Serializable {

  /** The local optimizer's parameters from the config, one PyTorch thread per task CPU. */
  public static TrainParams fromConfig(TrainConfig t, int taskCpus) {
    return new TrainParams(
        t.batchSize(),
        t.learningRate(),
        t.momentum(),
        t.weightDecay(),
        t.localSteps(),
        taskCpus,
        Optimizer.parse(t.optimizer()),
        t.adamBeta1(),
        t.adamBeta2(),
        t.adamEpsilon(),
        t.dropout(),
        t.labelSmoothing());
  }

  public TrainParams {
    if (batchSize < 1) {
      throw new IllegalArgumentException(
          "Invalid " + ConfigKeys.TRAIN_BATCH_SIZE + ": " + batchSize);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "Invalid " + ConfigKeys.TRAIN_LEARNING_RATE + ": " + learningRate);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("Invalid " + ConfigKeys.TRAIN_MOMENTUM + ": " + momentum);
    }
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException(
          "Invalid " + ConfigKeys.TRAIN_WEIGHT_DECAY + ": " + weightDecay);
    }
    if (localSteps < 0) {
      throw new IllegalArgumentException(
          "Invalid " + ConfigKeys.TRAIN_LOCAL_STEPS + ": " + localSteps);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("Invalid number of training threads: " + threads);
    }
    if (optimizer == null) {
      throw new IllegalArgumentException("Invalid " + ConfigKeys.TRAIN_OPTIMIZER + ": null");
    }
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException("Invalid " + ConfigKeys.TRAIN_ADAM_BETA1 + ": " + beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("Invalid " + ConfigKeys.TRAIN_ADAM_BETA2 + ": " + beta2);
    }
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException(
          "Invalid " + ConfigKeys.TRAIN_ADAM_EPSILON + ": " + epsilon);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("Invalid " + ConfigKeys.TRAIN_DROPOUT + ": " + dropout);
    }
    if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
      throw new IllegalArgumentException(
          "Invalid " + ConfigKeys.TRAIN_LABEL_SMOOTHING + ": " + labelSmoothing);
    }
  }

  /** SGD with momentum. */
  public TrainParams(
      int batchSize,
      double learningRate,
      double momentum,
      double weightDecay,
      int localSteps,
      int threads) {
    this(
        batchSize,
        learningRate,
        momentum,
        weightDecay,
        localSteps,
        threads,
        Optimizer.SGD,
        0.9,
        0.999,
        1e-8,
        0,
        0);
  }

  /** Adam with the given moment decays and epsilon; momentum is unused. */
  public static TrainParams adam(
      int batchSize,
      double learningRate,
      double weightDecay,
      int localSteps,
      int threads,
      double beta1,
      double beta2,
      double epsilon) {
    return new TrainParams(
        batchSize,
        learningRate,
        0,
        weightDecay,
        localSteps,
        threads,
        Optimizer.ADAM,
        beta1,
        beta2,
        epsilon,
        0,
        0);
  }

  /** Steps to run on a shard of {@code shardSize} samples. */
  public int stepsFor(int shardSize) {
    return localSteps > 0 ? localSteps : (shardSize + batchSize - 1) / batchSize;
  }

  /** The same parameters with another learning rate, for schedules. */
  public TrainParams withLearningRate(double lr) {
    return new TrainParams(
        batchSize,
        lr,
        momentum,
        weightDecay,
        localSteps,
        threads,
        optimizer,
        beta1,
        beta2,
        epsilon,
        dropout,
        labelSmoothing);
  }

  /** The same parameters with dropout and label smoothing. */
  public TrainParams withRegularisation(double newDropout, double newLabelSmoothing) {
    return new TrainParams(
        batchSize,
        learningRate,
        momentum,
        weightDecay,
        localSteps,
        threads,
        optimizer,
        beta1,
        beta2,
        epsilon,
        newDropout,
        newLabelSmoothing);
  }
}
