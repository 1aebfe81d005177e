package org.greentrain.train;

import java.io.Serializable;

/**
 * Hyper-parameters of the local SGD a shard runs in one round.
 *
 * @param batchSize samples per step
 * @param learningRate SGD step size for this round
 * @param momentum heavy-ball momentum in [0, 1); the buffer starts at zero every round
 * @param weightDecay L2 penalty added to weight gradients (biases included)
 * @param localSteps steps per round (H); 0 means one pass over the shard
 * @param threads PyTorch intra-op threads for the task, normally {@code spark.task.cpus}
 */
public record TrainParams(
    int batchSize,
    double learningRate,
    double momentum,
    double weightDecay,
    int localSteps,
    int threads)
    implements Serializable {

  public TrainParams {
    if (batchSize < 1) {
      throw new IllegalArgumentException("Invalid train.batch-size: " + batchSize);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("Invalid train.learning-rate: " + learningRate);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("Invalid train.momentum: " + momentum);
    }
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("Invalid train.weight-decay: " + weightDecay);
    }
    if (localSteps < 0) {
      throw new IllegalArgumentException("Invalid train.local-steps: " + localSteps);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("Invalid number of training threads: " + threads);
    }
  }

  /** Steps to run on a shard of {@code shardSize} samples. */
  public int stepsFor(int shardSize) {
    return localSteps > 0 ? localSteps : (shardSize + batchSize - 1) / batchSize;
  }

  /** The same parameters with another learning rate, for schedules. */
  public TrainParams withLearningRate(double lr) {
    return new TrainParams(batchSize, lr, momentum, weightDecay, localSteps, threads);
  }
}
