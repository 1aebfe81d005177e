package org.greentrain.train;

import ai.djl.Device;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import org.greentrain.data.Normalize;
import org.greentrain.data.StoredPixels;
import org.greentrain.error.UserError;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.WeightAverage;
import org.greentrain.runtime.GpuPowerLimit;
import org.greentrain.runtime.ShardData;
import org.greentrain.runtime.TaskDevice;
import org.greentrain.runtime.WeightConstraint;
import scala.Tuple2;

/**
 * Data-parallel training on Spark: shard k of the augmented table becomes partition k, decoded once
 * and kept in executor memory across rounds; every round broadcasts the weights, trains each shard
 * in its own task and tree-aggregates the sample-weighted sum back to the driver.
 */
public final class DistributedTrainer {

  /** One augmented sample as it travels from Parquet to its shard. */
  record Sample(
      long recordId, int copy, int label, int channels, byte[] pixels, float[] mean, float[] std)
      implements Serializable {}

  /**
   * The columns the trainer reads; pixels are channel-planar bytes before normalisation
   * (StoredPixels), normalize_mean and normalize_std one value per channel.
   */
  private static final String[] COLUMNS = {
    "shard", "record_id", "copy", "label", "channels", "pixels", "normalize_mean", "normalize_std"
  };

  private final SparkSession spark;
  private final ModelSpec spec;
  private final long seed;
  private final double gpuPowerLimitW;
  private final int taskCpus;
  // The training stages' task resource profile; null where they take spark.task.cpus. Made once:
  // Spark registers every profile it is given for the application's lifetime.
  private final ResourceProfile profile;

  /** A trainer that leaves the GPUs' power limits as they are. */
  public DistributedTrainer(SparkSession spark, ModelSpec spec, long seed) {
    this(spark, spec, seed, 0);
  }

  /**
   * A trainer whose tasks that train on a GPU hold it at {@code gpuPowerLimitW} W ({@link
   * GpuPowerLimit}); 0 leaves the limits as they are.
   */
  public DistributedTrainer(SparkSession spark, ModelSpec spec, long seed, double gpuPowerLimitW) {
    this(spark, spec, seed, gpuPowerLimitW, 0);
  }

  /**
   * A trainer as above whose training tasks take {@code taskCpus} cores each ({@code
   * train.task-cpus}: 0 takes spark.task.cpus; see {@link TaskCpus}).
   *
   * @throws org.greentrain.error.UserError for a count the application cannot give a task
   */
  public DistributedTrainer(
      SparkSession spark, ModelSpec spec, long seed, double gpuPowerLimitW, int taskCpus) {
    this.spark = spark;
    this.spec = spec;
    this.seed = seed;
    this.gpuPowerLimitW = gpuPowerLimitW;
    SparkConf conf = spark.sparkContext().getConf();
    this.taskCpus = TaskCpus.of(taskCpus, conf);
    this.profile =
        this.taskCpus == TaskCpus.applicationCpus(conf) ? null : TaskCpus.profile(this.taskCpus);
  }

  /**
   * The cores each training task takes, and so the PyTorch threads it should train with ({@link
   * TrainParams#threads()}): train.task-cpus, or spark.task.cpus where that is 0.
   */
  public int taskCpus() {
    return taskCpus;
  }

  /**
   * Loads the shards of an augmented table (columns shard, record_id, copy, label, pixels) into
   * executor memory, one Spark partition per shard. The caller unpersists the result.
   */
  public JavaRDD<ShardData> loadShards(String augmentedPath, int shards) {
    return loadShards(augmentedPath, ShardAssignment.stored(shards, seed), Set.of());
  }

  /**
   * Loads the training shards of an augmented table as {@code shards} deals them, leaving out every
   * copy of the records in {@code heldOut} (the validation split).
   */
  public JavaRDD<ShardData> loadShards(
      String augmentedPath, ShardAssignment shards, Set<Long> heldOut) {
    int pixels = spec.valuesPerImage();
    int channels = spec.channels();
    Broadcast<Set<Long>> held = heldOutBroadcast(heldOut);
    JavaRDD<ShardData> data =
        read(augmentedPath)
            .javaRDD()
            .mapToPair(row -> toSample(row, shards))
            .filter(p -> !held.value().contains(p._2().recordId()))
            .partitionBy(new ExactPartitioner(shards.shards()))
            .mapPartitions(it -> decodeShard(it, channels, pixels), true)
            .persist(StorageLevel.MEMORY_ONLY());
    // `held` stays alive with the RDD: a lost cached partition is recomputed through it.
    List<Integer> sizes = data.map(ShardData::count).collect();
    for (int k = 0; k < sizes.size(); k++) {
      if (sizes.get(k) == 0) {
        data.unpersist();
        throw shards.emptyShard(k, augmentedPath);
      }
    }
    return data;
  }

  /**
   * The validation split of an augmented table: a seeded, class-stratified {@code fraction} of its
   * records (see {@link ValidationSplit}); empty when {@code fraction} is 0.
   */
  public Set<Long> validationRecords(String augmentedPath, double fraction) {
    if (fraction == 0) {
      return Set.of();
    }
    List<Row> originals =
        spark
            .read()
            .parquet(augmentedPath)
            .where("copy = 0")
            .select("record_id", "label")
            .collectAsList();
    long[] ids = new long[originals.size()];
    int[] labels = new int[originals.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = originals.get(i).getLong(0);
      labels[i] = originals.get(i).getInt(1);
    }
    return ValidationSplit.heldOut(ids, labels, fraction, seed);
  }

  /**
   * The originals (copy 0) of the {@code heldOut} records, decoded and kept in executor memory in
   * partitions dealt like the training shards. The caller unpersists the result.
   */
  public JavaRDD<ShardData> loadValidation(
      String augmentedPath, ShardAssignment shards, Set<Long> heldOut) {
    if (heldOut.isEmpty()) {
      throw new UserError(
          "Cannot validate: the validation split of "
              + augmentedPath
              + " is empty; raise"
              + " train.validation-fraction");
    }
    int pixels = spec.valuesPerImage();
    int channels = spec.channels();
    Broadcast<Set<Long>> held = heldOutBroadcast(heldOut);
    JavaRDD<ShardData> data =
        read(augmentedPath)
            .where("copy = 0")
            .javaRDD()
            .mapToPair(row -> toSample(row, shards))
            .filter(p -> held.value().contains(p._2().recordId()))
            .partitionBy(new ExactPartitioner(shards.shards()))
            .mapPartitions(it -> decodeShard(it, channels, pixels), true)
            .persist(StorageLevel.MEMORY_ONLY());
    data.count();
    return data;
  }

  /**
   * A validator that classifies the cached validation samples on the executors with the broadcast
   * weights and returns the accuracy over all of them.
   */
  public LocalSgd.Validator validator(JavaRDD<ShardData> validation) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    ModelSpec model = spec;
    return weights -> {
      Broadcast<ModelWeights> w = jsc.broadcast(weights);
      try {
        long[] counts =
            validation
                .map(data -> correctAndTotal(model, w.value(), data))
                .reduce((a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        return counts[1] == 0 ? Double.NaN : counts[0] / (double) counts[1];
      } finally {
        w.destroy();
      }
    };
  }

  private static long[] correctAndTotal(ModelSpec spec, ModelWeights weights, ShardData data) {
    if (data.count() == 0) {
      return new long[] {0, 0};
    }
    try (ShardModel model = new ShardModel(spec, TaskDevice.current())) {
      return new long[] {model.countCorrect(weights, data), data.count()};
    }
  }

  private Broadcast<Set<Long>> heldOutBroadcast(Set<Long> heldOut) {
    return JavaSparkContext.fromSparkContext(spark.sparkContext())
        .broadcast(heldOut instanceof HashSet ? heldOut : new HashSet<>(heldOut));
  }

  /** A round runner that trains every cached shard in its own Spark task. */
  public LocalSgd.RoundRunner roundRunner(JavaRDD<ShardData> shards) {
    return roundRunner(shards, WeightConstraint.NONE);
  }

  /**
   * A round runner that trains every cached shard in its own Spark task, enforcing {@code
   * constraint} after every local step. Each executor keeps a shard's model between the runner's
   * rounds; {@link #release} frees them.
   */
  public SparkRoundRunner roundRunner(JavaRDD<ShardData> shards, WeightConstraint constraint) {
    return new SparkRoundRunner(shards, constraint, null);
  }

  /**
   * A round runner like {@link #roundRunner(JavaRDD, WeightConstraint)} whose tasks distil from
   * {@code teacher}, broadcast by the caller once for all the runners of one fine-tuning. Each
   * executor keeps the teacher's network between rounds next to the shard's model.
   */
  public SparkRoundRunner roundRunner(
      JavaRDD<ShardData> shards, WeightConstraint constraint, Broadcast<Teacher> teacher) {
    return new SparkRoundRunner(shards, constraint, teacher);
  }

  /** Ships {@code teacher} to the executors once; the caller destroys it after fine-tuning. */
  public Broadcast<Teacher> broadcast(Teacher teacher) {
    return JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(teacher);
  }

  /**
   * Runs rounds as Spark jobs over the cached shards. Each executor keeps the model of the
   * partitions it trained (keyed by this runner's id and the partition) for the next round.
   */
  public final class SparkRoundRunner implements LocalSgd.RoundRunner {

    private final JavaRDD<ShardData> shards;
    private final WeightConstraint constraint;
    private final Broadcast<Teacher> teacher;
    private final String training = UUID.randomUUID().toString();
    private final CollectionAccumulator<GpuPowerLimit.Outcome> powerLimits;
    private final CollectionAccumulator<TaskThreads> taskThreads;

    private SparkRoundRunner(
        JavaRDD<ShardData> shards, WeightConstraint constraint, Broadcast<Teacher> teacher) {
      this.shards = shards;
      this.constraint = constraint;
      this.teacher = teacher;
      this.powerLimits = spark.sparkContext().collectionAccumulator("gpu power limits");
      this.taskThreads = spark.sparkContext().collectionAccumulator("training task threads");
    }

    /**
     * The cores and PyTorch threads the runner's training tasks ran with, as each task saw them,
     * distinct and sorted; empty before a round has run.
     */
    public List<TaskThreads> taskThreads() {
      return taskThreads.value().stream().distinct().sorted().toList();
    }

    /**
     * What became of {@code train.gpu-power-limit-w} on each GPU this runner's tasks trained on,
     * one line per GPU and outcome, sorted; empty when no task trained on a GPU with a limit.
     */
    public List<String> powerLimitNotes() {
      return powerLimits.value().stream()
          .map(GpuPowerLimit.Outcome::describe)
          .distinct()
          .sorted()
          .toList();
    }

    @Override
    public WeightAverage run(int round, ModelWeights start, TrainParams params) {
      return run(round, TrainState.of(start), params).weights();
    }

    @Override
    public RoundSum run(int round, TrainState start, TrainParams params) {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      ModelSpec model = spec;
      long runSeed = seed;
      String id = training;
      WeightConstraint c = constraint;
      Broadcast<Teacher> t = teacher;
      double watts = gpuPowerLimitW;
      CollectionAccumulator<GpuPowerLimit.Outcome> limits = powerLimits;
      CollectionAccumulator<TaskThreads> threads = taskThreads;
      Broadcast<TrainState> state = jsc.broadcast(start);
      try {
        JavaRDD<ShardUpdate> updates =
            shards.mapPartitionsWithIndex(
                (index, it) -> {
                  List<ShardUpdate> out = new ArrayList<>(1);
                  while (it.hasNext()) {
                    Teacher distil = t == null ? null : t.value();
                    out.add(
                        trainResident(
                            id,
                            model,
                            state.value(),
                            it.next(),
                            new Task(params, runSeed, round, index, c, distil, watts),
                            limits));
                    threads.add(TaskThreads.current());
                  }
                  return out.iterator();
                },
                true);
        return withTaskCpus(updates).treeAggregate(new RoundSum(), RoundSum::add, RoundSum::merge);
      } finally {
        state.destroy();
      }
    }

    /**
     * Frees the models the executors keep for this runner: one task per shard, which Spark
     * schedules where the shard is cached, so normally on the executor that holds its model. Models
     * on executors this misses go when a later training fills the cache or the JVM exits.
     */
    public void release() {
      String id = training;
      shards.foreachPartition(
          it -> {
            ShardModels.CACHE.evict(k -> k.training().equals(id));
            TeacherModels.CACHE.evict(k -> k.training().equals(id));
          });
    }
  }

  /**
   * {@code updates}, whose stage (the shards' training: loading, validation and release are stages
   * of their own) runs its tasks on {@link #taskCpus} cores each.
   */
  private <T> JavaRDD<T> withTaskCpus(JavaRDD<T> updates) {
    return profile == null ? updates : updates.withResources(profile);
  }

  /** What one task trains with besides the model, its start and its shard. */
  private record Task(
      TrainParams params,
      long seed,
      int round,
      int partition,
      WeightConstraint constraint,
      Teacher teacher,
      double gpuPowerLimitW) {}

  private static ShardUpdate trainResident(
      String training,
      ModelSpec model,
      TrainState start,
      ShardData shard,
      Task task,
      CollectionAccumulator<GpuPowerLimit.Outcome> powerLimits) {
    Device device = TaskDevice.current();
    if (!device.isGpu() || task.gpuPowerLimitW() <= 0) {
      return trainResident(training, model, start, shard, task, device);
    }
    int gpu = device.getDeviceId();
    powerLimits.add(GpuPowerLimit.SYSTEM.acquire(gpu, task.gpuPowerLimitW()));
    try {
      return trainResident(training, model, start, shard, task, device);
    } finally {
      GpuPowerLimit.SYSTEM.release(gpu);
    }
  }

  private static ShardUpdate trainResident(
      String training,
      ModelSpec model,
      TrainState start,
      ShardData shard,
      Task task,
      Device device) {
    ShardModels.Key key = new ShardModels.Key(training, task.partition(), model, device.toString());
    ShardModel resident = ShardModels.CACHE.take(key, () -> new ShardModel(model, device));
    ShardModels.Key teacherKey =
        task.teacher() == null
            ? null
            : new ShardModels.Key(
                training, task.partition(), task.teacher().spec(), device.toString());
    TeacherModel teacher =
        teacherKey == null
            ? null
            : TeacherModels.CACHE.take(teacherKey, () -> new TeacherModel(task.teacher(), device));
    ShardUpdate update;
    try {
      update =
          new ShardTrainer(model, device)
              .train(
                  resident,
                  start,
                  shard,
                  task.params(),
                  task.seed(),
                  task.round(),
                  task.partition(),
                  task.constraint(),
                  teacher);
    } catch (RuntimeException | Error e) {
      // A half-trained model is not worth keeping: the retry rebuilds from the broadcast.
      resident.close();
      if (teacher != null) {
        teacher.close();
      }
      throw e;
    }
    ShardModels.CACHE.giveBack(key, resident);
    if (teacher != null) {
      // The teacher never changes within a training, so the next round reuses it as it is.
      TeacherModels.CACHE.giveBack(teacherKey, teacher);
    }
    return update;
  }

  /**
   * Fails unless the augmented table is to be normalised with {@code normalize}, as the evaluate
   * stage normalises the test split: a table augmented under another config would train the model
   * on other inputs than it is tested on.
   */
  public void requireNormalisation(String augmentedPath, Normalize normalize) {
    List<Row> found =
        read(augmentedPath).select("normalize_mean", "normalize_std").distinct().collectAsList();
    for (Row r : found) {
      float[] mean = floats(r.getList(0));
      float[] std = floats(r.getList(1));
      if (!sameNormalisation(mean, std, normalize)) {
        throw new UserError(
            "Cannot train on "
                + augmentedPath
                + ": it was augmented with normalisation mean "
                + values(mean)
                + ", std "
                + values(std)
                + " but augment.normalize-mean and"
                + " normalize-std are "
                + values(normalize.mean())
                + ", "
                + values(normalize.std())
                + "; run the augment stage again with this config");
      }
    }
  }

  /** Whether per-channel {@code mean} and {@code std} are what {@code normalize} applies. */
  private static boolean sameNormalisation(float[] mean, float[] std, Normalize normalize) {
    if (normalize.mean().length != 1 && normalize.mean().length != mean.length) {
      return false;
    }
    for (int c = 0; c < mean.length; c++) {
      if (mean[c] != normalize.mean(c) || std[c] != normalize.std(c)) {
        return false;
      }
    }
    return true;
  }

  // One value reads as before channels existed ("0.25"); several as a list.
  private static String values(float[] v) {
    return v.length == 1 ? String.valueOf(v[0]) : Arrays.toString(v);
  }

  private static float[] floats(List<Float> list) {
    float[] out = new float[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }

  /** The trainer's columns of an augmented table; a table of another format is an error. */
  private Dataset<Row> read(String augmentedPath) {
    Dataset<Row> table = spark.read().parquet(augmentedPath);
    if (!Arrays.asList(table.columns()).containsAll(Arrays.asList(COLUMNS))) {
      throw new UserError(
          "Cannot train on "
              + augmentedPath
              + ": expected the augmented table columns "
              + Arrays.toString(COLUMNS)
              + ", found "
              + Arrays.toString(table.columns())
              + " (a table of an older format: run the augment stage again)");
    }
    return table.select(COLUMNS[0], Arrays.copyOfRange(COLUMNS, 1, COLUMNS.length));
  }

  private static Tuple2<Integer, Sample> toSample(Row row, ShardAssignment shards) {
    return new Tuple2<>(
        shards.shardOf(row.getInt(0), row.getLong(1), row.getInt(2)),
        new Sample(
            row.getLong(1),
            row.getInt(2),
            row.getInt(3),
            row.getInt(4),
            (byte[]) row.get(5),
            floats(row.getList(6)),
            floats(row.getList(7))));
  }

  private static Iterator<ShardData> decodeShard(
      Iterator<Tuple2<Integer, Sample>> it, int channels, int pixels) {
    List<Sample> samples = new ArrayList<>();
    while (it.hasNext()) {
      samples.add(it.next()._2());
    }
    // Arrival order after a shuffle is not stable; sort so a shard means the same data always.
    samples.sort(Comparator.comparingLong(Sample::recordId).thenComparingInt(Sample::copy));
    float[] images = new float[samples.size() * pixels];
    int[] labels = new int[samples.size()];
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      if (s.channels() != channels) {
        throw new UserError(
            "Invalid augmented record "
                + s.recordId()
                + " copy "
                + s.copy()
                + ": "
                + s.channels()
                + " channels, expected "
                + channels
                + " (the model's input)");
      }
      if (s.pixels().length != pixels) {
        throw new UserError(
            "Invalid augmented record "
                + s.recordId()
                + " copy "
                + s.copy()
                + ": "
                + s.pixels().length
                + " bytes of pixels, expected "
                + pixels);
      }
      StoredPixels.decode(
          s.pixels(), channels, new Normalize(s.mean(), s.std()), images, i * pixels);
      labels[i] = s.label();
    }
    return List.of(new ShardData(images, labels, pixels)).iterator();
  }
}
