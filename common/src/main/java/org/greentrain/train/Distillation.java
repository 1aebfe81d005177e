package org.greentrain.train;

import ai.djl.ndarray.NDArray;
import java.io.Serializable;
import org.greentrain.config.ConfigKeys;

/**
 * Knowledge distillation's loss (Hinton, Vinyals and Dean 2015, "Distilling the Knowledge in a
 * Neural Network", arXiv:1503.02531): {@code w T² KL(softmax(teacher/T) ‖ softmax(student/T)) + (1
 * - w) CE(student, labels)}, averaged over the batch, the cross-entropy label-smoothed as in
 * training.
 *
 * <p>The soft term's gradient with respect to the student's logits scales as {@code 1/T²}; the
 * factor {@code T²} (section 2 of the paper) keeps its size comparable with the hard term's
 * whatever the temperature, so {@code w} means the same share at every {@code T}.
 *
 * @param temperature T, above 0
 * @param weight w, the share of the soft term, in [0, 1]; 0 is the plain (smoothed) cross-entropy
 */
public record Distillation(double temperature, double weight) implements Serializable {

  public Distillation {
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException(
          "Invalid " + ConfigKeys.COMPRESS_DISTILL_TEMPERATURE + ": " + temperature);
    }
    if (!(weight >= 0 && weight <= 1)) {
      throw new IllegalArgumentException(
          "Invalid " + ConfigKeys.COMPRESS_DISTILL_WEIGHT + ": " + weight);
    }
  }

  /**
   * The loss of a batch, a scalar: {@code student} and {@code teacher} are (batch, classes) logits,
   * {@code labels} the class indices. Gradients flow into {@code student} only; the teacher's
   * logits are constants (computed without gradient recording).
   */
  public NDArray loss(NDArray student, NDArray teacher, NDArray labels, double labelSmoothing) {
    NDArray hard = ShardTrainer.smoothedCrossEntropy(student, labels, labelSmoothing);
    if (weight == 0) {
      return hard;
    }
    float t = (float) temperature;
    NDArray logStudent = student.div(t).logSoftmax(1);
    NDArray logTeacher = teacher.div(t).logSoftmax(1);
    NDArray kl = logTeacher.exp().mul(logTeacher.sub(logStudent)).sum(new int[] {1}).mean();
    return kl.mul((float) (weight * temperature * temperature)).add(hard.mul((float) (1 - weight)));
  }
}
