package org.greentrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.greentrain.infer.BatchClassifier;
import org.greentrain.model.BatchNormFolding;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.NamedTensor;
import org.greentrain.model.WeightInit;
import org.greentrain.runtime.ShardData;
import org.junit.jupiter.api.Test;

class ShardTrainerTest {

  private static final ModelSpec MLP = new ModelSpec("mlp", 1, 28, 28, 4);
  private static final ModelSpec CNN = new ModelSpec("cnn", 1, 28, 28, 4);
  private static final TrainParams PARAMS = new TrainParams(32, 0.05, 0.9, 0.0, 0, 1);

  @Test
  void oneRoundLearnsSeparableData() {
    ShardData train = SyntheticShards.bands(512, 4, 1);
    ShardData test = SyntheticShards.bands(256, 4, 2);
    ModelWeights start = WeightInit.heUniform(MLP, 7);

    ShardUpdate update = new ShardTrainer(MLP, Device.cpu()).train(start, train, PARAMS, 7, 0, 0);

    assertThat(update.samples()).isEqualTo(512);
    assertThat(accuracy(update.weights(), test)).isGreaterThan(0.9);
  }

  @Test
  void twoConcurrentTasksInOneJvmTrainAndMatchSequentialResults() throws Exception {
    ModelWeights start = WeightInit.heUniform(CNN, 3);

    ShardUpdate first = concurrentRunsMatchSequentialOnes(CNN, start, PARAMS);

    assertThat(first.weights().tensors().get(0).values())
        .isNotEqualTo(start.tensors().get(0).values());
  }

  @Test
  void divergenceFailsWithAClearMessage() {
    ShardData train = SyntheticShards.bands(64, 4, 1);
    ModelWeights start = WeightInit.heUniform(MLP, 7);
    TrainParams explosive = new TrainParams(32, 1e30, 0.9, 0.0, 4, 1);

    assertThatThrownBy(
            () -> new ShardTrainer(MLP, Device.cpu()).train(start, train, explosive, 1, 2, 3))
        .isInstanceOf(TrainingDivergedException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageMatching(
            "Training diverged in round 3, partition 3, step [1-4]: loss (NaN|-?Infinity);"
                + " lower train.learning-rate");
  }

  @Test
  void theDivergenceIsFoundBehindSparkWrappingAndAdvisesWithTheConfig() {
    TrainingDivergedException diverged = new TrainingDivergedException(2, 1, 46, Float.NaN);
    RuntimeException wrapped =
        new RuntimeException(
            "Job aborted due to stage failure", new IllegalStateException(diverged));

    assertThat(TrainingDivergedException.in(wrapped).orElseThrow().withAdvice(0.5, 0))
        .hasMessage(
            "Training diverged in round 3, partition 1, step 47: loss NaN; lower"
                + " train.learning-rate (now 0.5) or enable warm-up (train.warmup-epochs)");
    assertThat(diverged.withAdvice(0.5, 1.0))
        .hasMessageEndingWith("or lengthen the warm-up (train.warmup-epochs, now 1.0)");
    assertThat(TrainingDivergedException.in(new IllegalStateException("other"))).isEmpty();
  }

  @Test
  void dropoutIsReproducibleInConcurrentTasksAndChangesTheUpdate() throws Exception {
    ModelWeights start = WeightInit.heUniform(CNN, 3);
    TrainParams dropout = PARAMS.withRegularisation(0.4, 0);

    ShardUpdate first = concurrentRunsMatchSequentialOnes(CNN, start, dropout);

    ShardUpdate plain =
        new ShardTrainer(CNN, Device.cpu())
            .train(start, SyntheticShards.bands(96, 4, 11), PARAMS, 5, 1, 0);
    assertThat(first.weights().tensors().get(2).values())
        .isNotEqualTo(plain.weights().tensors().get(2).values());
  }

  @Test
  void regularisedTrainingStillLearnsSeparableData() {
    ShardData train = SyntheticShards.bands(512, 4, 1);
    ShardData test = SyntheticShards.bands(256, 4, 2);
    ModelWeights start = WeightInit.heUniform(MLP, 7);
    TrainParams regularised = PARAMS.withRegularisation(0.3, 0.1);

    ShardUpdate update =
        new ShardTrainer(MLP, Device.cpu()).train(start, train, regularised, 7, 0, 0);

    assertThat(accuracy(update.weights(), test)).isGreaterThan(0.9);
  }

  @Test
  void batchNormTrainsItsRunningStatisticsAndFoldsIntoAPlainClassifier() {
    ModelSpec normalised = MLP.withBatchNorm(true);
    ShardData train = SyntheticShards.bands(512, 4, 1);
    ShardData test = SyntheticShards.bands(256, 4, 2);
    ModelWeights start = WeightInit.heUniform(normalised, 7);

    ShardUpdate update =
        new ShardTrainer(normalised, Device.cpu()).train(start, train, PARAMS, 7, 0, 0);

    // Tensors: dense weight, bias, gamma, beta, running mean, running variance, output layer.
    NamedTensor runningMean = update.weights().tensors().get(4);
    assertThat(runningMean.name()).endsWith("_runningMean");
    assertThat(runningMean.values()).isNotEqualTo(start.tensors().get(4).values());
    ModelWeights folded = BatchNormFolding.fold(normalised, update.weights());
    assertThat(accuracy(folded, test)).isGreaterThan(0.9);
  }

  @Test
  void batchNormTasksAreReproducibleWhenConcurrent() throws Exception {
    ModelSpec normalised = CNN.withBatchNorm(true);
    ModelWeights start = WeightInit.heUniform(normalised, 3);

    ShardUpdate first =
        concurrentRunsMatchSequentialOnes(
            normalised, start, TrainParams.adam(32, 0.001, 0.01, 0, 1, 0.9, 0.999, 1e-8));

    assertThat(first.weights().tensors()).hasSize(start.tensors().size());
    assertThat(first.moments().tensors()).hasSize(2 * start.tensors().size());
  }

  @Test
  void resnetTasksAreReproducibleWhenConcurrent() throws Exception {
    ModelSpec resnet =
        new ModelSpec("resnet", 1, 28, 28, 4, List.of(16, 16, 32), true, 8, 1.0, null);

    ShardUpdate first =
        concurrentRunsMatchSequentialOnes(resnet, WeightInit.heUniform(resnet, 3), PARAMS);

    assertThat(first.weights().tensors()).hasSize(WeightInit.heUniform(resnet, 3).tensors().size());
  }

  @Test
  void smoothedCrossEntropyMatchesTheFormulaAndIsPlainCrossEntropyAtZero() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray logits = manager.create(new float[] {2, 0, 0, 0, 0, 1, 0, 0}, new Shape(2, 4));
      NDArray labels = manager.create(new float[] {0, 2});
      double z0 = Math.log(Math.exp(2) + 3);
      double z1 = Math.log(Math.exp(1) + 3);
      // Smoothed target: 0.925 on the true class, 0.025 on the others; the log-probabilities
      // are logit - log(sum exp), and the targets sum to 1.
      double first = z0 - 0.925 * 2;
      double second = z1 - 0.025 * 1;

      float smoothed = ShardTrainer.smoothedCrossEntropy(logits, labels, 0.1).getFloat();
      float plain = ShardTrainer.smoothedCrossEntropy(logits, labels, 0).getFloat();
      float djl =
          Loss.softmaxCrossEntropyLoss()
              .evaluate(new NDList(labels), new NDList(logits))
              .getFloat();

      assertThat((double) smoothed).isCloseTo((first + second) / 2, within(1e-5));
      assertThat(plain).isEqualTo(djl);
      assertThat((double) plain).isCloseTo((z0 - 2 + z1) / 2, within(1e-5));
    }
  }

  /**
   * Trains two shards of {@code spec} one after the other, then both at once on two threads, checks
   * that each concurrent update equals its sequential one, and returns the first shard's.
   */
  private static ShardUpdate concurrentRunsMatchSequentialOnes(
      ModelSpec spec, ModelWeights start, TrainParams params) throws Exception {
    ShardData a = SyntheticShards.bands(96, 4, 11);
    ShardData b = SyntheticShards.bands(96, 4, 12);
    ShardTrainer trainer = new ShardTrainer(spec, Device.cpu());
    ShardUpdate seqA = trainer.train(start, a, params, 5, 1, 0);
    ShardUpdate seqB = trainer.train(start, b, params, 5, 1, 1);

    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Callable<ShardUpdate> ta = () -> trainer.train(start, a, params, 5, 1, 0);
      Callable<ShardUpdate> tb = () -> trainer.train(start, b, params, 5, 1, 1);
      Future<ShardUpdate> fa = pool.submit(ta);
      Future<ShardUpdate> fb = pool.submit(tb);
      assertSameWeights(fa.get(), seqA);
      assertSameWeights(fb.get(), seqB);
    } finally {
      pool.shutdownNow();
    }
    return seqA;
  }

  private static double accuracy(ModelWeights weights, ShardData test) {
    try (BatchClassifier model = new BatchClassifier(MLP, weights, Device.cpu())) {
      int[] predicted = model.predict(test.images(), test.count());
      int correct = 0;
      for (int i = 0; i < predicted.length; i++) {
        correct += predicted[i] == test.labels()[i] ? 1 : 0;
      }
      return correct / (double) test.count();
    }
  }

  private static void assertSameWeights(ShardUpdate actual, ShardUpdate expected) {
    assertThat(actual.samples()).isEqualTo(expected.samples());
    for (int i = 0; i < expected.weights().tensors().size(); i++) {
      NamedTensor e = expected.weights().tensors().get(i);
      NamedTensor x = actual.weights().tensors().get(i);
      assertThat(x.values()).as(e.name()).containsExactly(e.values());
    }
  }
}
