package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trust issue's fault, as a user meets it: {@code greentrain run} killed with SIGKILL during
 * training, then {@code greentrain run --resume} of the same run id. The resumed run continues from
 * the checkpoint, its fp32 model is byte for byte that of an uninterrupted run of the same config
 * (Adam, validation with early-stopping state, dropout and warm-up, so every kind of state a round
 * depends on is exercised), and the training energy counts the killed attempt's rounds. Each run is
 * a child JVM started as deploy/bin/greentrain starts one, from the shaded jar built by {@code
 * package}.
 */
class KilledTrainingResumeIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String RUN_ID = "resume-it";
  private static final Pattern ROUNDS_DONE = Pattern.compile("\"roundsDone\"\\s*:\\s*(\\d+)");
  // Small, so the three runs fit in minutes on 2 cores, yet with every kind of state a round
  // depends on: Adam's moments, the warm-up's schedule position, the best validated round and the
  // seeded dropout masks.
  private static final List<String> SETTINGS =
      List.of(
          "data.source=" + ROOT.resolve("data-samples"),
          "augment.copies=0",
          "train.model=mlp",
          "train.rounds=8",
          "train.local-steps=10",
          "train.checkpoint-every=1",
          "train.optimizer=adam",
          "train.learning-rate=0.002",
          "train.warmup-epochs=0.5",
          "train.validation-fraction=0.1",
          "train.early-stopping-patience=20",
          "train.dropout=0.2",
          "energy.sample-interval-ms=250");

  @Test
  @Timeout(900)
  void aRunKilledDuringTrainingResumesFromItsCheckpointToTheSameModel(@TempDir Path dir)
      throws Exception {
    Path whole = dir.resolve("uninterrupted");
    Path killed = dir.resolve("killed");

    long t0 = System.nanoTime();
    Child uninterrupted = Child.start(dir.resolve("uninterrupted.log"), whole, "run");
    assertThat(uninterrupted.await(240)).as(uninterrupted.log()).isZero();
    long t1 = System.nanoTime();

    Child victim = Child.start(dir.resolve("killed.log"), killed, "run");
    Path checkpoint = killed.resolve("runs/" + RUN_ID + "/checkpoints/checkpoint.json");
    int roundsAtKill = awaitCheckpoint(checkpoint, 2, victim, 240);
    victim.process().destroyForcibly();
    victim.process().waitFor(30, TimeUnit.SECONDS);
    assertThat(killed.resolve("runs/" + RUN_ID + "/model/model-fp32.gtm"))
        .as("killed during training, before the model was written")
        .doesNotExist();
    long t2 = System.nanoTime();

    Child resumed = Child.start(dir.resolve("resumed.log"), killed, "run", "--resume");
    assertThat(resumed.await(240)).as(resumed.log()).isZero();
    long t3 = System.nanoTime();
    String out = resumed.log();
    int from = resumedFrom(out);
    assertThat(from).as(out).isGreaterThanOrEqualTo(roundsAtKill);
    assertThat(out).as("no round before the checkpoint ran again").doesNotContain("round 1/");

    String wholeSha = sha256(whole.resolve("runs/" + RUN_ID + "/model/model-fp32.gtm"));
    String resumedSha = sha256(killed.resolve("runs/" + RUN_ID + "/model/model-fp32.gtm"));
    assertThat(resumedSha).isEqualTo(wholeSha);

    JsonNode train =
        new ObjectMapper()
            .readTree(killed.resolve("runs/" + RUN_ID + "/stages/train.json").toFile())
            .get("metrics");
    assertThat(train.get("first_round").asInt()).isEqualTo(from);
    assertThat(train.get("earlier_attempts_energy_j").asDouble()).isPositive();
    assertThat(out)
        .contains(
            String.format(
                Locale.ROOT,
                "train resumed from round %d: its row is that attempt's; the rounds of earlier"
                    + " attempts used %,.0f J more",
                from,
                train.get("earlier_attempts_energy_j").asDouble()));
    assertTrainingRoundsCoverEveryRound(killed, train.get("rounds_run").asInt());
    assertRunsRowHasTheEarlierAttempts(killed, train.get("earlier_attempts_energy_j").asDouble());
    System.out.printf(
        "KilledTrainingResumeIT: uninterrupted %.1f s; killed after checkpoint of round %d at"
            + " %.1f s; resumed after round %d in %.1f s; fp32 sha256 %s both; earlier attempts"
            + " %.1f J%n",
        (t1 - t0) / 1e9,
        roundsAtKill,
        (t2 - t1) / 1e9,
        from,
        (t3 - t2) / 1e9,
        resumedSha,
        train.get("earlier_attempts_energy_j").asDouble());
  }

  /** The training_rounds rows of the resumed run: one per round, killed attempt's included. */
  private static void assertTrainingRoundsCoverEveryRound(Path warehouse, int rounds)
      throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet r =
          st.executeQuery(
              "SELECT count(*) AS n, count(DISTINCT round) AS distinct_rounds,"
                  + " count(energy_j) AS with_energy FROM read_parquet('"
                  + warehouse
                  + "/tables/training_rounds/**/*.parquet', hive_partitioning = true)");
      assertThat(r.next()).isTrue();
      assertThat(r.getInt("n")).isEqualTo(rounds);
      assertThat(r.getInt("distinct_rounds")).isEqualTo(rounds);
      assertThat(r.getInt("with_energy")).isEqualTo(rounds);
    }
  }

  /**
   * The runs row carries the earlier attempts' energy beside its sums, and their CO2e at the train
   * row's PUE and intensity; the earlier rounds' own rows cover the rounds alone, so they sum to no
   * more than the checkpoint's figure.
   */
  private static void assertRunsRowHasTheEarlierAttempts(Path warehouse, double earlierJ)
      throws Exception {
    String tables = warehouse + "/tables/";
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet r =
          st.executeQuery(
              "SELECT r.earlier_attempts_energy_j AS e, r.earlier_attempts_co2e_g AS c,"
                  + " s.pue, s.intensity_g_per_kwh AS intensity,"
                  + " (SELECT sum(t.energy_j) FROM read_parquet('"
                  + tables
                  + "training_rounds/**/*.parquet', hive_partitioning = true) t"
                  + "  WHERE CAST(t.started_at AS TIMESTAMPTZ) < CAST(s.started_at AS TIMESTAMPTZ))"
                  + " AS rows_before"
                  + " FROM read_parquet('"
                  + tables
                  + "runs/**/*.parquet', hive_partitioning = true) r"
                  + " JOIN read_parquet('"
                  + tables
                  + "stage_energy/**/*.parquet', hive_partitioning = true) s"
                  + " ON s.run_id = r.run_id AND s.stage = 'train'");
      assertThat(r.next()).isTrue();
      assertThat(r.getDouble("e")).isCloseTo(earlierJ, within(1e-6));
      assertThat(r.getDouble("c"))
          .isCloseTo(
              earlierJ / 3.6e6 * r.getDouble("pue") * r.getDouble("intensity"), within(1e-9));
      assertThat(r.getDouble("rows_before")).isPositive().isLessThanOrEqualTo(earlierJ + 1e-6);
    }
  }

  /** The round the resumed training started from, as its progress line states it. */
  private static int resumedFrom(String out) {
    Matcher m = Pattern.compile("resuming training from round (\\d+)").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return Integer.parseInt(m.group(1)) - 1;
  }

  /** Polls the checkpoint file until it names at least {@code rounds} rounds. */
  private static int awaitCheckpoint(Path file, int rounds, Child child, long timeoutS)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
    while (System.nanoTime() < deadline) {
      if (!child.process().isAlive()) {
        throw new AssertionError("the run ended before its checkpoint:\n" + child.log());
      }
      int done = roundsDone(file);
      if (done >= rounds) {
        return done;
      }
      // Not a wait for the condition: it spaces the polls of a file another JVM writes.
      child.process().waitFor(100, TimeUnit.MILLISECONDS);
    }
    child.process().destroyForcibly();
    throw new AssertionError("no checkpoint of round " + rounds + " in time:\n" + child.log());
  }

  private static int roundsDone(Path file) {
    try {
      Matcher m = ROUNDS_DONE.matcher(Files.readString(file));
      return m.find() ? Integer.parseInt(m.group(1)) : -1;
    } catch (IOException notYet) {
      // Absent until the first checkpoint; written atomically, so never seen half-written.
      return -1;
    }
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  /** A GreenTrain CLI in its own JVM, its output in a log file. */
  private record Child(Process process, Path logFile) {

    static Child start(Path log, Path warehouse, String... args) throws IOException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx1g");
      command.addAll(
          Arrays.asList(System.getProperty("greentrain.test.opens").trim().split("\\s+")));
      command.add("-Dai.djl.offline=true");
      command.add("-Dlog4j2.configurationFile=" + ROOT.resolve("conf/log4j2.properties"));
      command.add("-cp");
      command.add(
          System.getProperty("greentrain.test.jar")
              + ":"
              + Files.readString(ROOT.resolve("jobs/target/spark-classpath.txt")).trim());
      command.add(GreenTrain.class.getName());
      command.addAll(Arrays.asList(args));
      command.addAll(List.of("--run-id", RUN_ID, "--conf", "run.warehouse=" + warehouse));
      for (String setting : SETTINGS) {
        command.addAll(List.of("--conf", setting));
      }
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(ROOT.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      return new Child(pb.start(), log);
    }

    int await(long timeoutS) throws Exception {
      if (!process.waitFor(timeoutS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("did not finish in " + timeoutS + " s:\n" + log());
      }
      return process.exitValue();
    }

    String log() {
      try {
        return Files.readString(logFile);
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }
  }
}
