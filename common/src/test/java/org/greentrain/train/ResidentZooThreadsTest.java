package org.greentrain.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.greentrain.config.ConfigLoader;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.evaluate.InMemoryShards;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.WeightAverage;
import org.greentrain.model.WeightInit;
import org.greentrain.runtime.ShardData;
import org.greentrain.runtime.WeightConstraint;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * A candidate reproducer of the known issue of docs/training.md ("Model zoo"): resident resnet
 * models, as executors keep them between rounds, each round trained on a new thread (as Spark's
 * task threads may be). In two runs it diverged once (NaN in round 3, partition 1, step 9) and
 * passed once; on one thread the same models give losses 1.913, 1.349, 1.190 every time.
 */
class ResidentZooThreadsTest {

  @Test
  @Disabled("known issue, not deterministic: distributed resnet training can diverge")
  void residentResnetModelsTrainTheSameWhateverThreadEachRoundRunsOn() throws Exception {
    GreenTrainConfig config = ConfigLoader.load(null, Map.of("data.source", "../data-samples"));
    List<ShardData> halves = InMemoryShards.halves(InMemoryShards.read(config, "train"));
    ModelSpec spec = new ModelSpec("resnet", 1, 28, 28, 10, List.of(8, 16, 32), true, 8, 1.0, null);
    LearningRateSchedule schedule = new LearningRateSchedule(0.05, 0.1, 3);
    TrainParams base = new TrainParams(64, 0.05, 0.9, 1e-4, 20, 1);
    ShardTrainer trainer = new ShardTrainer(spec, Device.cpu());
    ModelWeights w = WeightInit.heUniform(spec, 42);
    try (ShardModel m0 = new ShardModel(spec, Device.cpu());
        ShardModel m1 = new ShardModel(spec, Device.cpu())) {
      for (int round = 0; round < 3; round++) {
        TrainParams p = base.withLearningRate(schedule.rate(round));
        ShardUpdate a = onNewThread(trainer, m0, w, halves.get(0), p, round, 0);
        ShardUpdate b = onNewThread(trainer, m1, w, halves.get(1), p, round, 1);
        w =
            new WeightAverage()
                .add(a.weights(), a.samples(), 0)
                .add(b.weights(), b.samples(), 0)
                .average();
        assertThat((a.lossSum() + b.lossSum()) / (a.samples() + b.samples())).isFinite();
      }
    }
  }

  private static ShardUpdate onNewThread(
      ShardTrainer trainer,
      ShardModel model,
      ModelWeights start,
      ShardData shard,
      TrainParams p,
      int round,
      int partition)
      throws Exception {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<ShardUpdate> f =
          thread.submit(
              () ->
                  trainer.train(
                      model,
                      TrainState.of(start),
                      shard,
                      p,
                      42,
                      round,
                      partition,
                      WeightConstraint.NONE));
      return f.get();
    } finally {
      thread.shutdownNow();
    }
  }
}
