package org.greentrain.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import org.greentrain.model.BlockWeights;

/**
 * A teacher's network on a task's device, computing logits in inference mode (no dropout, batch
 * normalisation's running statistics) with gradient recording off, so the student's backward pass
 * never reaches it and its weights stay as loaded. Used by one task thread at a time.
 */
final class TeacherModel implements AutoCloseable {

  private final Teacher teacher;
  private final ShardModel model;
  private final ParameterStore store;

  TeacherModel(Teacher teacher, Device device) {
    this.teacher = teacher;
    this.model = new ShardModel(teacher.spec(), device);
    boolean gradMode = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      BlockWeights.write(model.block(), teacher.weights());
    } finally {
      JniUtils.setGradMode(gradMode);
    }
    this.store = new ParameterStore(model.manager(), false);
  }

  Distillation distillation() {
    return teacher.distillation();
  }

  /** The network the teacher runs; for tests that check it is left unchanged. */
  ShardModel model() {
    return model;
  }

  /**
   * The teacher's logits for {@code input}, attached to {@code input}'s manager. Grad mode is off
   * for the forward pass whatever the caller's, so no graph links them to the teacher's weights.
   */
  NDArray logits(NDArray input) {
    boolean gradMode = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      NDArray logits = model.block().forward(store, new NDList(input), false).singletonOrThrow();
      logits.attach(input.getManager());
      return logits;
    } finally {
      JniUtils.setGradMode(gradMode);
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
