package org.greentrain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlopsTest {

  private static final ModelSpec CNN = new ModelSpec("cnn", 1, 28, 28, 10);
  private static final ModelSpec MLP = new ModelSpec("mlp", 1, 28, 28, 10);

  @Test
  void referenceCnnCountsEveryConvolutionPositionAndDenseWeight() {
    long macs = 26 * 26 * 32 * 9 + 11 * 11 * 64 * 32 * 9 + 1600 * 128 + 128 * 10;

    assertThat(Flops.densePerImage(CNN)).isEqualTo(2 * macs);
  }

  @Test
  void mlpCountsEachWeightOnce() {
    assertThat(Flops.densePerImage(MLP)).isEqualTo(2L * (784 * 128 + 128 * 10));
  }

  @Test
  void effectiveCountOfAWholeModelEqualsTheDenseCountAndDropsWithZeros() {
    ModelWeights weights = WeightInit.heUniform(CNN, 1);
    assertThat(Flops.effectivePerImage(CNN, weights)).isEqualTo(Flops.densePerImage(CNN));

    List<NamedTensor> tensors = new ArrayList<>(weights.tensors());
    NamedTensor conv2 = tensors.get(2);
    float[] values = conv2.values().clone();
    values[0] = 0f;
    values[1] = 0f;
    tensors.set(2, new NamedTensor(conv2.name(), conv2.shape(), values));

    assertThat(Flops.effectivePerImage(CNN, new ModelWeights(tensors)))
        .isEqualTo(Flops.densePerImage(CNN) - 2 * 2 * 11 * 11);
  }

  @Test
  void weightsOfAnotherArchitectureAreRefused() {
    ModelWeights mlp = WeightInit.heUniform(MLP, 1);

    assertThatThrownBy(() -> Flops.effectivePerImage(CNN, mlp))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot count FLOPs: weights have 2 weight tensors, the cnn architecture" + " has 4");
  }
}
