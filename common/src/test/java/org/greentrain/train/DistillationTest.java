package org.greentrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.greentrain.model.BlockWeights;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.NamedTensor;
import org.greentrain.model.WeightInit;
import org.greentrain.runtime.ShardData;
import org.greentrain.runtime.WeightConstraint;
import org.junit.jupiter.api.Test;

class DistillationTest {

  private static final ModelSpec MLP = new ModelSpec("mlp", 1, 28, 28, 4);
  private static final TrainParams PARAMS = new TrainParams(32, 0.05, 0.9, 0.0, 4, 1);

  // Expected values computed by hand (Python's math module) from the formula
  // w T^2 KL(softmax(t/T) || softmax(s/T)) + (1 - w) CE(s, y), for T = 2 and w = 0.5:
  // student [1, 0], teacher [0, 2], label 0: KL 0.2574031646, CE ln(1 + e^-1) = 0.3132616875.

  @Test
  void lossOnTwoClassLogitsEqualsTheFormula() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray loss =
          new Distillation(2, 0.5)
              .loss(logits(m, 1, 0), logits(m, 0, 2), m.create(new float[] {0}), 0);

      assertThat(loss.getFloat()).isCloseTo(0.6714371730f, within(1e-6f));
    }
  }

  @Test
  void lossIsTheBatchMean() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      // Second row: student [0.5, -0.5], teacher [1, 1], label 1.
      NDArray student = m.create(new float[] {1, 0, 0.5f, -0.5f}, new Shape(2, 2));
      NDArray teacher = m.create(new float[] {0, 2, 1, 1}, new Shape(2, 2));

      NDArray loss =
          new Distillation(2, 0.5).loss(student, teacher, m.create(new float[] {0, 1}), 0);

      assertThat(loss.getFloat()).isCloseTo(0.6949638120f, within(1e-6f));
    }
  }

  @Test
  void theHardTermIsLabelSmoothedAsInTraining() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      // Smoothed CE with eps 0.1: 0.9 * 0.3132616875 + 0.1 * (0.3132616875 + 1.3132616875) / 2
      // = 0.3632616875; with w 0.5: 0.5 * 4 * 0.2574031646 + 0.5 * 0.3632616875 = 0.6964371732.
      NDArray label = m.create(new float[] {0});

      float hardOnly =
          new Distillation(2, 0).loss(logits(m, 1, 0), logits(m, 0, 2), label, 0.1).getFloat();
      float mixed =
          new Distillation(2, 0.5).loss(logits(m, 1, 0), logits(m, 0, 2), label, 0.1).getFloat();

      assertThat(hardOnly).isCloseTo(0.3632616875f, within(1e-6f));
      assertThat(mixed).isCloseTo(0.6964371732f, within(1e-6f));
    }
  }

  @Test
  void weightZeroIsPlainCrossEntropyWhateverTheTeacherSays() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray loss =
          new Distillation(4, 0)
              .loss(logits(m, 1, 0), logits(m, -9, 9), m.create(new float[] {0}), 0);

      assertThat(loss.getFloat()).isCloseTo((float) Math.log(1 + Math.exp(-1)), within(1e-6f));
    }
  }

  @Test
  void invalidSettingsNameTheKey() {
    assertThatThrownBy(() -> new Distillation(0, 0.5))
        .hasMessage("Invalid compress.distill-temperature: 0.0");
    assertThatThrownBy(() -> new Distillation(4, 1.5))
        .hasMessage("Invalid compress.distill-weight: 1.5");
  }

  @Test
  void theTeacherGetsNoGradientAndKeepsItsWeights() {
    ShardData shard = SyntheticShards.bands(128, 4, 1);
    ModelWeights teacherWeights = WeightInit.heUniform(MLP, 5);
    ModelWeights start = WeightInit.heUniform(MLP, 6);
    Teacher teacher = new Teacher(MLP, teacherWeights, new Distillation(4, 0.7));

    try (TeacherModel model = new TeacherModel(teacher, Device.cpu());
        ShardModel student = new ShardModel(MLP, Device.cpu())) {
      ShardUpdate update =
          new ShardTrainer(MLP, Device.cpu())
              .train(
                  student,
                  TrainState.of(start),
                  shard,
                  PARAMS,
                  3,
                  0,
                  0,
                  WeightConstraint.NONE,
                  model);

      assertThat(update.weights().tensors().get(0).values())
          .isNotEqualTo(start.tensors().get(0).values());
      List<NamedTensor> after = BlockWeights.read(model.model().block()).tensors();
      for (int i = 0; i < after.size(); i++) {
        assertThat(after.get(i).values())
            .as(after.get(i).name())
            .containsExactly(teacherWeights.tensors().get(i).values());
      }
      for (NDArray w : model.model().weights()) {
        assertThat(w.hasGradient() && w.getGradient().abs().sum().getFloat() > 0)
            .as("teacher weight has a non-zero gradient")
            .isFalse();
      }
    }
  }

  @Test
  void theTeacherChangesTheUpdateUnlessItsWeightIsZero() {
    ShardData shard = SyntheticShards.bands(128, 4, 1);
    ModelWeights start = WeightInit.heUniform(MLP, 6);
    ModelWeights teacherWeights = WeightInit.heUniform(MLP, 5);

    float[] plain = firstTensor(train(start, shard, null));
    float[] silent = firstTensor(train(start, shard, new Distillation(4, 0)));
    float[] taught = firstTensor(train(start, shard, new Distillation(4, 0.7)));

    assertThat(silent).containsExactly(plain);
    assertThat(taught).isNotEqualTo(plain);
  }

  private static ShardUpdate train(ModelWeights start, ShardData shard, Distillation d) {
    ModelWeights teacherWeights = WeightInit.heUniform(MLP, 5);
    try (ShardModel student = new ShardModel(MLP, Device.cpu());
        TeacherModel teacher =
            d == null
                ? null
                : new TeacherModel(new Teacher(MLP, teacherWeights, d), Device.cpu())) {
      return new ShardTrainer(MLP, Device.cpu())
          .train(
              student,
              TrainState.of(start),
              shard,
              PARAMS,
              3,
              0,
              0,
              WeightConstraint.NONE,
              teacher);
    }
  }

  private static float[] firstTensor(ShardUpdate u) {
    return u.weights().tensors().get(0).values();
  }

  private static NDArray logits(NDManager m, float a, float b) {
    return m.create(new float[] {a, b}, new Shape(1, 2));
  }
}
