package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerResourceProfileAdded;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.greentrain.config.ConfigLoader;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.data.spark.AugmentStage;
import org.greentrain.pipeline.RunContext;
import org.greentrain.store.StageReport;
import org.greentrain.train.TrainStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * train.task-cpus on a cluster manager: one executor JVM of 2 cores ({@code
 * local-cluster[1,2,1024]}, spark.task.cpus 1), two shards, {@code train.task-cpus = 2}. Spark's
 * own scheduler events (a listener of this test) show that the training stages, and only they, ran
 * under a profile of 2 cpus per task and that their tasks never overlapped on the 2-core executor;
 * the tasks themselves report 2 cpus and 2 PyTorch threads (the stage's metrics); the energy plugin
 * filed every training task (DuckDB).
 */
class TaskCpusIT {

  /**
   * A task as Spark's listener bus reported it: launched at {@code launch} (driver clock), then
   * busy on its executor for {@code busyMs} (deserialising and running it, executor-measured). Its
   * driver-side finish time is no use here: the driver stamps it after fetching the result, when
   * the freed cores may already hold the next task.
   */
  private record Task(int stageId, int partition, String executor, long launch, long busyMs) {}

  /** Records stages, their profiles and tasks; called on the listener bus thread. */
  private static final class Scheduling extends SparkListener {
    final Map<Integer, Double> profileCpus = new ConcurrentHashMap<>();
    final Map<Integer, Integer> stageProfile = new ConcurrentHashMap<>();
    final Map<Integer, String> stageLabel = new ConcurrentHashMap<>();
    final List<Task> tasks = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onResourceProfileAdded(SparkListenerResourceProfileAdded event) {
      var cpus = event.resourceProfile().taskResourcesJMap().get("cpus");
      if (cpus != null) {
        profileCpus.put(event.resourceProfile().id(), cpus.amount());
      }
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
      int id = event.stageInfo().stageId();
      stageProfile.put(id, event.stageInfo().resourceProfileId());
      String label =
          event.properties() == null ? null : event.properties().getProperty("greentrain.stage");
      stageLabel.put(id, label == null ? "" : label);
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
      tasks.add(
          new Task(
              event.stageId(),
              event.taskInfo().partitionId(),
              event.taskInfo().executorId(),
              event.taskInfo().launchTime(),
              event.taskMetrics().executorDeserializeTime()
                  + event.taskMetrics().executorRunTime()));
    }

    /** The cores each task of stage {@code id} took: its profile's, or spark.task.cpus (1). */
    double cpus(int stageId) {
      int profile = stageProfile.get(stageId);
      return profile == 0 ? 1 : profileCpus.get(profile);
    }
  }

  @Test
  @Timeout(240)
  void trainingTasksTakeTheirCoresAndThreadsAndTheOtherStagesKeepSparkTaskCpus(@TempDir Path dir)
      throws Exception {
    Path sparkHome = Path.of(System.getenv("SPARK_HOME"));
    Files.createDirectories(sparkHome.resolve("jars"));
    Path warehouse = dir.resolve("warehouse");
    GreenTrainConfig config =
        ConfigLoader.load(
            null,
            Map.of(
                "run.warehouse", warehouse.toString(),
                "data.source", "../data-samples",
                "train.model", "mlp",
                "train.rounds", "2",
                "train.task-cpus", "2",
                "augment.copies", "0",
                "augment.shards", "2",
                "energy.powercap-root", dir.resolve("no-powercap").toString(),
                "energy.sample-interval-ms", "250"));
    SparkConf conf =
        new SparkConf(false)
            .setMaster("local-cluster[1,2,1024]")
            .setAppName("task-cpus-it")
            .set("spark.ui.enabled", "false")
            .set("spark.executor.cores", "2")
            .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
            .set(
                "spark.executor.extraJavaOptions",
                System.getProperty("greentrain.test.opens") + " -Dai.djl.offline=true")
            .set("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1");
    Sessions.addEnergyPlugin(conf, config.energy(), warehouse.toString());
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    Scheduling scheduling = new Scheduling();
    spark.sparkContext().addSparkListener(scheduling);
    StageReport train;
    try {
      RunContext ctx =
          RunContext.open(
              spark,
              config,
              "threads",
              true,
              Clock.systemUTC(),
              new PrintWriter(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      ctx.runStage(AugmentStage.STAGE, () -> new AugmentStage(ctx).run());
      train = ctx.runStage(TrainStage.STAGE, () -> new TrainStage(ctx).run());
    } finally {
      // Stopping drains the listener bus and writes the energy plugin's tables.
      spark.stop();
    }

    assertThat(train.metrics())
        .as("what the training tasks saw: TaskContext.cpus() and PyTorch's threads")
        .containsEntry("task_cpus", 2.0)
        .containsEntry("task_threads", 2.0);

    Set<Integer> profiled =
        scheduling.stageProfile.keySet().stream()
            .filter(id -> scheduling.stageProfile.get(id) != 0)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(profiled).as("one training stage per round").hasSize(2);
    assertThat(profiled).allSatisfy(id -> assertThat(scheduling.cpus(id)).isEqualTo(2.0));
    assertThat(profiled)
        .allSatisfy(id -> assertThat(scheduling.stageLabel.get(id)).isEqualTo("train"));
    Set<String> defaultLabels = new TreeSet<>();
    for (int id : scheduling.stageProfile.keySet()) {
      if (!profiled.contains(id)) {
        assertThat(scheduling.cpus(id)).as("stage %d", id).isEqualTo(1.0);
        defaultLabels.add(scheduling.stageLabel.get(id));
      }
    }
    assertThat(defaultLabels)
        .as("augmenting, and loading and releasing the shards, keep spark.task.cpus")
        .contains("augment", "train");

    List<Task> training =
        scheduling.tasks.stream()
            .filter(t -> profiled.contains(t.stageId()))
            .sorted(Comparator.comparingLong(Task::launch))
            .toList();
    assertThat(training).as("2 rounds x 2 shards").hasSize(4);
    assertThat(training).extracting(Task::executor).containsOnly(training.get(0).executor());
    // The executor frees a task's cores only when it has finished it, so on one 2-core executor
    // tasks of 2 cores each run one after the other: each launched after the one before was busy.
    for (int i = 1; i < training.size(); i++) {
      Task before = training.get(i - 1);
      assertThat(before.busyMs()).isPositive();
      assertThat(training.get(i).launch())
          .as("training task %s launched after %s was done", training.get(i), before)
          .isGreaterThanOrEqualTo(before.launch() + before.busyMs());
    }

    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet r =
          st.executeQuery(
              "SELECT DISTINCT stage_id, partition_id FROM read_parquet('"
                  + warehouse
                  + "/tables/task_energy/**/*.parquet', hive_partitioning = true)"
                  + " WHERE kind = 'task' AND stage = 'train'");
      Set<String> filed = new TreeSet<>();
      while (r.next()) {
        filed.add(r.getInt(1) + "/" + r.getInt(2));
      }
      assertThat(filed)
          .as("the energy plugin filed every training task")
          .containsAll(training.stream().map(t -> t.stageId() + "/" + t.partition()).toList());
    }
  }
}
