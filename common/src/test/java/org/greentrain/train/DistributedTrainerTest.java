package org.greentrain.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Spark round runner in local[2,2] (two task threads, a failed task retried once): models
 * stay resident between rounds, and a task that fails once on purpose is retried into exactly
 * the update of an undisturbed run.
 */
class DistributedTrainerTest {

  private static final ModelSpec MLP = new ModelSpec("mlp", 28, 28, 4);
  private static final AtomicInteger INJECTED = new AtomicInteger();
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2,2]").appName("distributed-trainer-test")
        .config("spark.ui.enabled", "false").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Throws in the first attempt of partition 0's tasks, after their first local step. */
  private static final class FailFirstAttempt implements WeightConstraint {
    @Override
    public void applyInPlace(List<NDArray> weights) {
      TaskContext task = TaskContext.get();
      if (task != null && task.attemptNumber() == 0 && task.partitionId() == 0) {
        INJECTED.incrementAndGet();
        throw new IllegalStateException("injected failure of the first attempt");
      }
    }

    @Override
    public ModelWeights apply(ModelWeights weights) {
      return weights;
    }
  }

  @Test
  @Timeout(120)
  void aTaskThatFailsOnceIsRetriedIntoTheSameWeightsAndModelsStayResident() {
    JavaRDD<ShardData> shards =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(
                List.of(SyntheticShards.bands(96, 4, 1), SyntheticShards.bands(64, 4, 2)), 2)
            .persist(StorageLevel.MEMORY_ONLY());
    DistributedTrainer trainer = new DistributedTrainer(spark, MLP, 13);
    TrainParams adam = TrainParams.adam(16, 0.005, 1e-4, 4, 1, 0.9, 0.999, 1e-8);
    LearningRateSchedule schedule = new LearningRateSchedule(0.005, 0.1, 3, 1);
    ModelWeights init = WeightInit.heUniform(MLP, 4);
    try {
      long builds = ShardModels.CACHE.builds();
      DistributedTrainer.SparkRoundRunner undisturbed =
          trainer.roundRunner(shards, WeightConstraint.NONE);
      ModelWeights expected =
          new LocalSgd(adam, schedule).run(init, undisturbed, new LocalSgd.RoundListener() {});
      assertThat(ShardModels.CACHE.builds() - builds)
          .as("one model per partition, kept across three rounds").isEqualTo(2);
      undisturbed.release();
      assertThat(ShardModels.CACHE.size()).as("released at the end of training").isZero();

      WeightConstraint failing = new FailFirstAttempt();
      DistributedTrainer.SparkRoundRunner retried = trainer.roundRunner(shards, failing);
      ModelWeights actual =
          new LocalSgd(adam, schedule, failing)
              .run(init, retried, new LocalSgd.RoundListener() {});
      retried.release();

      assertThat(INJECTED.get()).as("one failed first attempt per round").isEqualTo(3);
      SameWeights.assertSame(actual, expected);
    } finally {
      shards.unpersist();
    }
  }

  @Test
  @Timeout(120)
  void theValidatorCountsCorrectPredictionsOverAllPartitions() {
    ShardData a = SyntheticShards.bands(50, 4, 7);
    ShardData b = SyntheticShards.bands(30, 4, 8);
    JavaRDD<ShardData> validation =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of(a, b), 2);
    DistributedTrainer trainer = new DistributedTrainer(spark, MLP, 13);
    ModelWeights w = WeightInit.heUniform(MLP, 4);

    double accuracy = trainer.validator(validation).accuracy(w);

    long correct;
    try (ShardModel model = new ShardModel(MLP, ai.djl.Device.cpu())) {
      correct = model.countCorrect(w, a) + model.countCorrect(w, b);
    }
    assertThat(accuracy).isEqualTo(correct / 80.0);
  }
}
