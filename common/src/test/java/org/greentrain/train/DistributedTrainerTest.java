package org.greentrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.greentrain.data.AugmentPipeline;
import org.greentrain.data.LabeledImages;
import org.greentrain.data.Normalize;
import org.greentrain.data.RandomRotation;
import org.greentrain.data.spark.AugmentedTable;
import org.greentrain.error.UserError;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.WeightInit;
import org.greentrain.runtime.ShardData;
import org.greentrain.runtime.WeightConstraint;
import org.greentrain.testing.SharedSparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark round runner in local[2,2] (two task threads, a failed task retried once): models stay
 * resident between rounds, and a task that fails once on purpose is retried into exactly the update
 * of an undisturbed run.
 */
@SharedSparkSession(master = "local[2,2]")
class DistributedTrainerTest {

  private static final ModelSpec MLP = new ModelSpec("mlp", 1, 28, 28, 4);
  private static final AtomicInteger INJECTED = new AtomicInteger();
  private static SparkSession spark;

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
  void aDivergingTaskReachesTheDriverAsTheDivergenceBehindSparksJobFailure() {
    JavaRDD<ShardData> shards =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(
                List.of(SyntheticShards.bands(64, 4, 1), SyntheticShards.bands(64, 4, 2)), 2)
            .persist(StorageLevel.MEMORY_ONLY());
    DistributedTrainer.SparkRoundRunner runner =
        new DistributedTrainer(spark, MLP, 13).roundRunner(shards, WeightConstraint.NONE);
    TrainParams explosive = new TrainParams(32, 1e30, 0.9, 0.0, 4, 1);
    try {
      assertThatThrownBy(
              () -> runner.run(2, TrainState.of(WeightInit.heUniform(MLP, 4)), explosive))
          .satisfies(
              e ->
                  assertThat(TrainingDivergedException.in(e).orElseThrow())
                      .hasMessageMatching(
                          "Training diverged in round 3, partition [01], step [1-4]: loss"
                              + " (NaN|-?Infinity); lower train.learning-rate"));
    } finally {
      runner.release();
      shards.unpersist();
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
          .as("one model per partition, kept across three rounds")
          .isEqualTo(2);
      undisturbed.release();
      assertThat(ShardModels.CACHE.size()).as("released at the end of training").isZero();

      WeightConstraint failing = new FailFirstAttempt();
      DistributedTrainer.SparkRoundRunner retried = trainer.roundRunner(shards, failing);
      ModelWeights actual =
          new LocalSgd(adam, schedule, failing).run(init, retried, new LocalSgd.RoundListener() {});
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

  @Test
  @Timeout(120)
  void loadShardsDecodesTheStoredBytesWithTheTablesNormalisation(@TempDir Path dir) {
    int count = 40;
    byte[] pixels = new byte[count * 28 * 28];
    new java.util.SplittableRandom(5).nextBytes(pixels);
    byte[] labels = new byte[count];
    long[] ids = new long[count];
    for (int i = 0; i < count; i++) {
      labels[i] = (byte) (i % 4);
      ids[i] = 3L * i;
    }
    LabeledImages images = new LabeledImages(28, 28, pixels, labels);
    AugmentPipeline pipeline =
        new AugmentPipeline(List.of(new RandomRotation(10, 0f), new Normalize(0.25f, 0.5f)));
    String table = dir.resolve("augmented").toString();
    new AugmentedTable(pipeline, 1, 2, 9).write(spark, images, ids, table, 3);

    JavaRDD<ShardData> shards = new DistributedTrainer(spark, MLP, 13).loadShards(table, 2);
    try {
      List<ShardData> loaded = shards.collect();
      for (int k = 0; k < 2; k++) {
        // A shard holds its rows sorted by (record id, copy).
        List<float[]> expected = new ArrayList<>();
        List<Integer> expectedLabels = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          for (int copy = 0; copy <= 1; copy++) {
            if (AugmentedTable.shardOf(9, copy, ids[i], 2) == k) {
              expected.add(pipeline.apply(images.image(i), 28, 28, 9, copy, ids[i]));
              expectedLabels.add(i % 4);
            }
          }
        }
        ShardData shard = loaded.get(k);
        assertThat(shard.count()).isEqualTo(expected.size());
        assertThat(shard.labels())
            .containsExactly(expectedLabels.stream().mapToInt(Integer::intValue).toArray());
        for (int j = 0; j < expected.size(); j++) {
          float[] actual = Arrays.copyOfRange(shard.images(), j * 784, (j + 1) * 784);
          for (int p = 0; p < 784; p++) {
            // Within half a grey level of the full pipeline: the bytes are rounded.
            assertThat(actual[p]).isCloseTo(expected.get(j)[p], within(0.5f / 255 / 0.5f + 1e-5f));
          }
        }
      }
    } finally {
      shards.unpersist();
    }
  }

  @Test
  @Timeout(120)
  void trainShardsDealsTheStoredSamplesAgainByTheAugmentStagesRule(@TempDir Path dir) {
    int count = 40;
    byte[] pixels = new byte[count * 28 * 28];
    new java.util.SplittableRandom(7).nextBytes(pixels);
    byte[] labels = new byte[count];
    long[] ids = new long[count];
    for (int i = 0; i < count; i++) {
      labels[i] = (byte) (i % 4);
      ids[i] = 5L * i + 1;
    }
    LabeledImages images = new LabeledImages(28, 28, pixels, labels);
    AugmentPipeline pipeline = new AugmentPipeline(List.of(new Normalize(0.25f, 0.5f)));
    String table = dir.resolve("augmented").toString();
    new AugmentedTable(pipeline, 1, 2, 9).write(spark, images, ids, table, 3);

    JavaRDD<ShardData> shards =
        new DistributedTrainer(spark, MLP, 9)
            .loadShards(table, new ShardAssignment(2, 3, 9), Set.of(ids[0]));
    try {
      List<ShardData> loaded = shards.collect();
      assertThat(loaded).hasSize(3);
      int total = 0;
      for (int k = 0; k < 3; k++) {
        List<Integer> expectedLabels = new ArrayList<>();
        for (int i = 1; i < count; i++) {
          for (int copy = 0; copy <= 1; copy++) {
            if (AugmentedTable.shardOf(9, copy, ids[i], 3) == k) {
              expectedLabels.add(i % 4);
            }
          }
        }
        assertThat(loaded.get(k).labels())
            .containsExactly(expectedLabels.stream().mapToInt(Integer::intValue).toArray());
        total += loaded.get(k).count();
      }
      // Every sample but the held-out record's two copies, each in one shard.
      assertThat(total).isEqualTo(2 * (count - 1));
    } finally {
      shards.unpersist();
    }

    assertThatThrownBy(
            () ->
                new DistributedTrainer(spark, MLP, 9)
                    .loadShards(table, new ShardAssignment(2, 100, 9), Set.of()))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("(100 shards); use fewer train.shards (or 0 for augment.shards)");
  }

  @Test
  void aTableWithoutTheStoredNormalisationIsRejectedNamingItsColumns(@TempDir Path dir) {
    String table = dir.resolve("old").toString();
    spark
        .createDataFrame(
            List.of(RowFactory.create(0, 1L, 0, 2, new byte[784 * 4])),
            new StructType()
                .add("shard", DataTypes.IntegerType)
                .add("record_id", DataTypes.LongType)
                .add("copy", DataTypes.IntegerType)
                .add("label", DataTypes.IntegerType)
                .add("pixels", DataTypes.BinaryType))
        .write()
        .partitionBy("shard")
        .parquet(table);

    assertThatThrownBy(() -> new DistributedTrainer(spark, MLP, 13).loadShards(table, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot train on " + table + ": expected the augmented table columns")
        .hasMessageContaining("found [record_id, copy, label, pixels, shard]")
        .hasMessageContaining("run the augment stage again");
  }

  @Test
  void aTableNormalisedUnderAnotherConfigIsRejected(@TempDir Path dir) {
    LabeledImages images = new LabeledImages(28, 28, new byte[4 * 784], new byte[4]);
    String table = dir.resolve("augmented").toString();
    new AugmentedTable(new AugmentPipeline(List.of(new Normalize(0.25f, 0.5f))), 1, 1, 9)
        .write(spark, images, table);
    DistributedTrainer trainer = new DistributedTrainer(spark, MLP, 13);

    trainer.requireNormalisation(table, new Normalize(0.25f, 0.5f));
    assertThatThrownBy(() -> trainer.requireNormalisation(table, new Normalize(0.3f, 0.5f)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot train on "
                + table
                + ": it was augmented with normalisation mean 0.25,"
                + " std 0.5 but augment.normalize-mean and normalize-std are 0.3, 0.5; run the augment"
                + " stage again with this config");
  }

  @Test
  void rgbShardsAreDecodedWithEachChannelsNormalisation(@TempDir Path dir) {
    int count = 6;
    int size = 3 * 8 * 8;
    byte[] pixels = new byte[count * size];
    new java.util.SplittableRandom(8).nextBytes(pixels);
    byte[] labels = new byte[count];
    LabeledImages images = new LabeledImages(3, 8, 8, pixels, labels);
    float[] mean = {0.1f, 0.5f, 0.9f};
    float[] std = {0.5f, 0.25f, 0.125f};
    String table = dir.resolve("augmented").toString();
    new AugmentedTable(new AugmentPipeline(List.of(new Normalize(mean, std))), 0, 1, 9)
        .write(spark, images, table);

    ModelSpec rgb = new ModelSpec("mlp", 3, 8, 8, 4);
    JavaRDD<ShardData> shards = new DistributedTrainer(spark, rgb, 13).loadShards(table, 1);
    try {
      ShardData shard = shards.collect().get(0);
      assertThat(shard.pixelsPerImage()).isEqualTo(size);
      for (int i = 0; i < count * size; i++) {
        int c = (i % size) / 64;
        // Originals are stored exactly: (byte / 255 - mean[c]) / std[c].
        float expected = ((pixels[i] & 0xff) / 255f - mean[c]) / std[c];
        assertThat(shard.images()[i]).as("value " + i).isCloseTo(expected, within(1e-5f));
      }
    } finally {
      shards.unpersist();
    }
    ModelSpec grey = new ModelSpec("mlp", 1, 8, 8, 4);
    assertThatThrownBy(() -> new DistributedTrainer(spark, grey, 13).loadShards(table, 1).collect())
        .hasStackTraceContaining("copy 0: 3 channels, expected 1 (the model's input)");
  }
}
