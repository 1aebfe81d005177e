package org.greentrain.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.util.List;
import org.greentrain.infer.BatchClassifier;
import org.greentrain.model.BatchNormFolding;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.NamedTensor;
import org.greentrain.model.WeightAverage;
import org.greentrain.model.WeightInit;
import org.greentrain.runtime.ShardData;
import org.junit.jupiter.api.Test;

/** Local SGD of the zoo networks: two shards averaged, running statistics included, then folded. */
class ZooTrainingTest {

  private static final TrainParams PARAMS = new TrainParams(32, 0.05, 0.9, 0.0, 0, 1);

  @Test
  void resnetShardsAverageEveryParameterAndRunningStatisticThenFoldIntoAClassifier() {
    trainTwoShardsAndFold(
        new ModelSpec("resnet", 1, 28, 28, 4, List.of(16, 16, 32), false, 8, 1.0, null)
            .forTraining(false));
  }

  @Test
  void mobilenetShardsAverageEveryParameterAndRunningStatisticThenFoldIntoAClassifier() {
    trainTwoShardsAndFold(
        new ModelSpec("mobilenet", 1, 28, 28, 4, null, false, 0, 0.25, null).forTraining(false));
  }

  private static void trainTwoShardsAndFold(ModelSpec spec) {
    assertThat(spec.batchNorm()).as("zoo networks always train normalised").isTrue();
    ModelWeights start = WeightInit.heUniform(spec, 7);
    ShardData a = SyntheticShards.bands(384, 4, 1);
    ShardData b = SyntheticShards.bands(256, 4, 3);
    ShardTrainer trainer = new ShardTrainer(spec, Device.cpu());

    ShardUpdate ua = trainer.train(start, a, PARAMS, 7, 0, 0);
    ShardUpdate ub = trainer.train(start, b, PARAMS, 7, 0, 1);
    ModelWeights averaged = average(ua, ub);

    int statistics = 0;
    for (int i = 0; i < start.tensors().size(); i++) {
      NamedTensor t = averaged.tensors().get(i);
      float expected =
          (ua.weights().tensors().get(i).values()[0] * 384f
                  + ub.weights().tensors().get(i).values()[0] * 256f)
              / 640f;
      assertThat(t.values()[0]).as(t.name()).isCloseTo(expected, within(t.values()[0]));
      if (t.name().endsWith("_runningMean") || t.name().endsWith("_runningVar")) {
        statistics++;
        assertThat(t.values()).as(t.name()).isNotEqualTo(start.tensors().get(i).values());
      }
    }
    assertThat(statistics).isPositive().isEven();

    // Two more rounds: the running statistics (momentum 0.9) need a few dozen steps to settle.
    for (int round = 1; round < 3; round++) {
      averaged =
          average(
              trainer.train(averaged, a, PARAMS, 7, round, 0),
              trainer.train(averaged, b, PARAMS, 7, round, 1));
    }
    ModelWeights folded = BatchNormFolding.fold(spec, averaged);
    assertThat(accuracy(spec.withBatchNorm(false), folded, SyntheticShards.bands(256, 4, 2)))
        .isGreaterThan(0.9);
  }

  private static ModelWeights average(ShardUpdate a, ShardUpdate b) {
    return new WeightAverage()
        .add(a.weights(), a.samples(), 0)
        .add(b.weights(), b.samples(), 0)
        .average();
  }

  private static org.assertj.core.data.Offset<Float> within(float value) {
    return org.assertj.core.data.Offset.offset(1e-5f * (1 + Math.abs(value)));
  }

  private static double accuracy(ModelSpec spec, ModelWeights weights, ShardData test) {
    try (BatchClassifier model = new BatchClassifier(spec, weights, Device.cpu())) {
      int[] predicted = model.predict(test.images(), test.count());
      int correct = 0;
      for (int i = 0; i < predicted.length; i++) {
        correct += predicted[i] == test.labels()[i] ? 1 : 0;
      }
      return correct / (double) test.count();
    }
  }
}
