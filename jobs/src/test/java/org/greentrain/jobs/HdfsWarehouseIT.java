package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.greentrain.pipeline.RunContext;
import org.greentrain.store.ModelRegistry;
import org.greentrain.store.RunLock;
import org.greentrain.store.Warehouse;
import org.greentrain.store.WarehouseFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warehouse on HDFS: an in-process HDFS (one NameNode, one DataNode) holds both the data source
 * (the Fashion-MNIST sample, copied there) and the warehouse, and {@code greentrain run} runs with
 * {@code run.warehouse=hdfs://…/warehouse}, twice with one run id, with a refused attempt between
 * the two while a lock holds the run. Everything is checked through HDFS itself: Spark reads the
 * tables back, the FileSystem API lists and hashes the files. Beside the runs, LATEST is moved back
 * and forth under a reader that must never find it missing (HDFS's rename does not overwrite, so a
 * replace done as delete-then-rename would show).
 */
class HdfsWarehouseIT {

  private static final java.nio.file.Path ROOT =
      java.nio.file.Path.of("..").toAbsolutePath().normalize();
  private static final String RUN_ID = "hdfs-it";
  private static final String MODEL = "fashion-cnn";
  private static final int TRAIN_IMAGES = 6000;
  private static final List<String> TABLES =
      List.of("evaluations", "models", "runs", "stage_energy", "task_energy", "training_rounds");

  @TempDir static java.nio.file.Path dir;

  private static MiniDFSCluster cluster;
  private static FileSystem hdfs;
  private static String warehouse;
  private static Cli first;
  private static Cli refused;
  private static Cli second;
  private static String lockRefusal;
  private static Map<String, Long> runDirBeforeRefusal;
  private static Map<String, Long> runDirAfterRefusal;
  private static Map<String, Long> rowsAfterFirst;
  private static List<String> appsAfterFirst;
  private static SparkSession spark;

  @BeforeAll
  static void runTwiceOnHdfs() throws Exception {
    cluster =
        new MiniDFSCluster.Builder(new Configuration(), dir.resolve("dfs").toFile())
            .numDataNodes(1)
            .build();
    cluster.waitActive();
    hdfs = cluster.getFileSystem();
    warehouse = hdfs.getUri() + "/warehouse";
    String data = hdfs.getUri() + "/data/fashion-sample";
    hdfs.copyFromLocalFile(new Path(ROOT.resolve("data-samples").toUri()), new Path(data));

    first = Cli.run(args(data));
    assertThat(first.exitCode()).as(first.err()).isZero();
    spark = Sessions.tableReader("hdfs-it-reader");
    try {
      rowsAfterFirst = rowsOfTheRun();
      appsAfterFirst = taskEnergyApps();
    } finally {
      spark.stop();
    }
    runWhileLocked(data);
    second = Cli.run(args(data));
    assertThat(second.exitCode()).as(second.err()).isZero();
    spark = Sessions.tableReader("hdfs-it-reader");
  }

  /** Runs the pipeline while this process holds the run's lock on HDFS, as another run would. */
  private static void runWhileLocked(String data) throws IOException {
    WarehouseFiles files = new WarehouseFiles(hdfs.getConf());
    Path lock = new Warehouse(new Path(warehouse)).runLock(RUN_ID);
    RunLock.Owner owner = RunLock.Owner.current(Clock.systemUTC());
    try (RunLock held =
        RunLock.acquire(
            files,
            lock,
            RUN_ID,
            owner,
            Clock.systemUTC(),
            Duration.ofMinutes(360),
            warning -> {
              throw new AssertionError("no stale lock expected: " + warning);
            })) {
      assertThat(held.owner()).isEqualTo(owner);
      runDirBeforeRefusal = listing(warehouse + "/runs/" + RUN_ID);
      refused = Cli.run(args(data));
      runDirAfterRefusal = listing(warehouse + "/runs/" + RUN_ID);
    }
    lockRefusal =
        "greentrain: error: Cannot start run "
            + RUN_ID
            + ": it is already running (lock "
            + warehouse
            + "/runs/"
            + RUN_ID
            + "/.lock held by "
            + owner.host()
            + " pid "
            + owner.pid()
            + " since "
            + owner.startedAt()
            + "; taken over as stale after 360 minutes)";
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  private static String[] args(String data) {
    return new String[] {
      "run",
      "--run-id",
      RUN_ID,
      "--conf",
      "run.warehouse=" + warehouse,
      "--conf",
      "data.source=" + data,
      "--conf",
      "spark.master=local[2]",
      "--conf",
      "train.model=mlp",
      "--conf",
      "train.rounds=2",
      "--conf",
      "train.local-steps=20",
      "--conf",
      "augment.copies=1",
      "--conf",
      "augment.shards=2",
      // No RAPL tree here, so the CPU-time model; the plugin's own input stays local.
      "--conf",
      "energy.powercap-root=" + dir.resolve("no-powercap"),
      "--conf",
      "energy.sample-interval-ms=250"
    };
  }

  @Test
  void theRunReadItsDataFromHdfsAndWroteEveryTableThere() throws IOException {
    assertThat(first.out())
        .contains(
            "GreenTrain run " + RUN_ID + ": data " + hdfs.getUri() + "/data/fashion-sample",
            "warehouse " + warehouse);
    for (String stage : RunContext.STAGES) {
      assertThat(second.out()).contains("] " + stage + ": done in ");
    }
    List<String> tables = new ArrayList<>();
    for (FileStatus s : hdfs.listStatus(new Path(warehouse + "/tables"))) {
      tables.add(s.getPath().getName());
    }
    assertThat(tables).containsExactlyInAnyOrderElementsOf(TABLES);

    List<Row> stages =
        table("stage_energy")
            .where("run_id = '" + RUN_ID + "'")
            .orderBy("stage_order")
            .select("stage", "energy_j")
            .collectAsList();
    assertThat(stages).extracting(r -> r.getString(0)).containsExactlyElementsOf(RunContext.STAGES);
    assertThat(stages).allSatisfy(r -> assertThat(r.getDouble(1)).isPositive());
    Row run =
        table("runs")
            .where("run_id = '" + RUN_ID + "'")
            .select("status", "stages", "fp32_accuracy")
            .collectAsList()
            .get(0);
    assertThat(run.getString(0)).isEqualTo("complete");
    assertThat(run.getInt(1)).isEqualTo(5);
    assertThat(run.getDouble(2)).isGreaterThan(0.5);
    assertThat(table("training_rounds").where("run_id = '" + RUN_ID + "'").count()).isEqualTo(2);
    assertThat(
            table("evaluations")
                .where("run_id = '" + RUN_ID + "'")
                .select("variant")
                .as(Encoders.STRING())
                .collectAsList())
        .containsExactlyInAnyOrder("fp32", "int8");
  }

  @Test
  void theAugmentedShardsAreParquetOnHdfsWithOneOriginalAndOneCopyPerImage() {
    String augmented = warehouse + "/runs/" + RUN_ID + "/augmented";
    assertThat(spark.read().parquet(augmented).count()).isEqualTo(2L * TRAIN_IMAGES);
    assertThat(
            spark
                .read()
                .parquet(augmented)
                .select("shard")
                .distinct()
                .orderBy("shard")
                .collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("0", "1");
  }

  @Test
  void theEnergyPluginFiledItsTaskRowsOnHdfsAndClearedItsSpool() throws IOException {
    List<Row> stages =
        table("task_energy")
            .where("run_id = '" + RUN_ID + "' AND kind = 'task'")
            .groupBy("stage")
            .agg(functions.sum("energy_j"))
            .orderBy("stage")
            .collectAsList();
    assertThat(stages).extracting(r -> r.getString(0)).contains("augment", "train", "evaluate");
    assertThat(stages).allSatisfy(r -> assertThat(r.getDouble(1)).isPositive());
    assertThat(hdfs.exists(new Path(warehouse + "/tables/_inflight/run_id=" + RUN_ID)))
        .as("the plugin's in-flight rows of the run are removed once its tables are written")
        .isFalse();
  }

  @Test
  void thePublishedVersionIsWholeOnHdfsAndLatestPointsAtIt() throws Exception {
    Path models = new Path(warehouse + "/models/" + MODEL);
    List<String> entries = new ArrayList<>();
    for (FileStatus s : hdfs.listStatus(models)) {
      entries.add(s.getPath().getName());
    }
    assertThat(entries)
        .as("no staging or temporary entries")
        .containsExactlyInAnyOrder(RUN_ID, "LATEST");
    assertThat(read(new Path(models, "LATEST"))).isEqualTo(RUN_ID + "\n");
    assertThat(first.out()).contains("publish: " + MODEL + "/" + RUN_ID + " is LATEST");

    JsonNode manifest =
        new ObjectMapper().readTree(read(new Path(models, RUN_ID + "/manifest.json")));
    List<String> names = new ArrayList<>();
    for (JsonNode f : manifest.get("files")) {
      Path file = new Path(models, RUN_ID + "/" + f.get("name").asText());
      names.add(f.get("name").asText());
      assertThat(hdfs.getFileStatus(file).getLen()).isEqualTo(f.get("bytes").asLong());
      assertThat(sha256(file)).isEqualTo(f.get("sha256").asText());
    }
    assertThat(names).containsExactly("model-fp32.gtm", "model-int8.gtm");

    // The models table names the run's artifacts by their HDFS paths.
    for (Row m :
        table("models")
            .where("run_id = '" + RUN_ID + "'")
            .select("path", "bytes", "sha256")
            .collectAsList()) {
      Path file = new Path(m.getString(0));
      assertThat(m.getString(0)).startsWith(warehouse + "/runs/" + RUN_ID + "/model/");
      assertThat(hdfs.getFileStatus(file).getLen()).isEqualTo(m.getLong(1));
      assertThat(sha256(file)).isEqualTo(m.getString(2));
    }
  }

  @Test
  void aSecondRunOfTheIdIsRefusedWhileTheLockIsHeldAndTouchesNothing() throws IOException {
    assertThat(refused.exitCode()).isEqualTo(GreenTrain.USER_ERROR);
    assertThat(refused.err().strip()).isEqualTo(lockRefusal);
    assertThat(runDirAfterRefusal).isEqualTo(runDirBeforeRefusal);
    assertThat(runDirBeforeRefusal).containsKey(".lock");
    assertThat(hdfs.exists(new Path(warehouse + "/runs/" + RUN_ID + "/.lock")))
        .as("released by its holder, and by each run")
        .isFalse();
  }

  @Test
  void reRunningTheIdLeavesOneCopyOfItsRowsAndFiles() throws IOException {
    assertThat(rowsAfterFirst)
        .as("one row per run, per stage, per round, per variant, per artifact")
        .isEqualTo(
            Map.of(
                "runs",
                1L,
                "stage_energy",
                5L,
                "training_rounds",
                2L,
                "evaluations",
                2L,
                "models",
                2L));
    assertThat(rowsOfTheRun()).isEqualTo(rowsAfterFirst);
    // The task rows of the second application replaced those of the first.
    List<String> apps = taskEnergyApps();
    assertThat(appsAfterFirst).hasSize(1);
    assertThat(apps).hasSize(1).doesNotContainAnyElementsOf(appsAfterFirst);

    List<String> leftovers = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> all = hdfs.listFiles(new Path(warehouse), true);
    while (all.hasNext()) {
      String name = all.next().getPath().getName();
      if (name.contains(".tmp") || name.equals(".lock")) {
        leftovers.add(name);
      }
    }
    assertThat(leftovers).as("temporary files or locks left in the warehouse").isEmpty();
  }

  @Test
  void latestIsNeverMissingWhileItMovesOnHdfs() throws Exception {
    WarehouseFiles files = new WarehouseFiles(hdfs.getConf());
    Path registryRoot = new Path(hdfs.getUri() + "/latest-race/models");
    ModelRegistry registry = new ModelRegistry(files, registryRoot);
    for (String v : List.of("v1", "v2")) {
      registry.publish("m", v, Map.of(), Map.of());
    }
    registry.moveLatest("m", "v1");
    Path latest = registry.latestFile("m");
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger checks = new AtomicInteger();
    AtomicInteger missing = new AtomicInteger();
    AtomicReference<IOException> failure = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get()) {
                try {
                  hdfs.getFileStatus(latest);
                } catch (FileNotFoundException e) {
                  missing.incrementAndGet();
                } catch (IOException e) {
                  failure.set(e);
                  return;
                }
                checks.incrementAndGet();
              }
            },
            "latest-reader");
    reader.start();
    try {
      // Each move writes and closes an HDFS file (about a quarter of a second here).
      for (int i = 0; i < 40; i++) {
        registry.moveLatest("m", i % 2 == 0 ? "v2" : "v1");
      }
    } finally {
      done.set(true);
      reader.join(60_000);
    }

    assertThat(failure.get()).as("the reader's failure").isNull();
    assertThat(checks.get()).as("the reader ran alongside the moves").isGreaterThan(40);
    assertThat(missing.get()).as("checks that found no LATEST").isZero();
    assertThat(read(latest)).isEqualTo("v1\n");
  }

  private static Dataset<Row> table(String name) {
    return spark.read().parquet(warehouse + "/tables/" + name);
  }

  /**
   * Rows of the run in each table but task_energy, read back by Spark from HDFS. (How many task
   * rows an application has depends on its timing.)
   */
  private static Map<String, Long> rowsOfTheRun() {
    Map<String, Long> rows = new TreeMap<>();
    for (String t : TABLES) {
      if (!t.equals("task_energy")) {
        rows.put(t, table(t).where("run_id = '" + RUN_ID + "'").count());
      }
    }
    return rows;
  }

  private static List<String> taskEnergyApps() {
    return table("task_energy")
        .where("run_id = '" + RUN_ID + "'")
        .select("app_id")
        .distinct()
        .as(Encoders.STRING())
        .collectAsList();
  }

  /** Every file under {@code dir} with its modification time, by path relative to it. */
  private static Map<String, Long> listing(String dir) throws IOException {
    Map<String, Long> out = new TreeMap<>();
    Path root = hdfs.makeQualified(new Path(dir));
    RemoteIterator<LocatedFileStatus> it = hdfs.listFiles(root, true);
    while (it.hasNext()) {
      LocatedFileStatus s = it.next();
      out.put(
          s.getPath().toString().substring(root.toString().length() + 1), s.getModificationTime());
    }
    return out;
  }

  private static String read(Path file) throws IOException {
    try (InputStream in = hdfs.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (InputStream in = hdfs.open(file)) {
      md.update(in.readAllBytes());
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
