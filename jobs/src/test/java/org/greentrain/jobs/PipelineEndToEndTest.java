package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.greentrain.pipeline.RunContext;
import org.greentrain.store.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole nightly run on the committed data sample in local[2], with a small model so it stays
 * quick, checked from the outside: exit code, printed summary, registry and the Parquet tables as
 * DuckDB (an analyst's tool, not Spark) reads them.
 */
class PipelineEndToEndTest {

  @TempDir static Path warehouse;
  private static Cli run;

  static String[] args(Path warehouse, String command, String runId, String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
                command,
                "--run-id",
                runId,
                "--conf",
                "run.warehouse=" + warehouse,
                "--conf",
                "data.source=../data-samples",
                "--conf",
                "spark.master=local[2]",
                "--conf",
                "train.model=mlp",
                "--conf",
                "train.rounds=2",
                "--conf",
                "augment.copies=1",
                "--conf",
                "augment.shards=2",
                // No RAPL tree here, so the CPU-time model: the same on every machine.
                "--conf",
                "energy.powercap-root=" + warehouse.resolve("no-powercap"),
                "--conf",
                "energy.sample-interval-ms=250"));
    for (String e : extra) {
      a.add(e);
    }
    return a.toArray(String[]::new);
  }

  @BeforeAll
  static void runPipeline() throws Exception {
    // An older run whose scratch data retention (keep-runs=1) removes after this run succeeds.
    Path old = Files.createDirectories(warehouse.resolve("runs/older"));
    Files.createDirectories(old.resolve("augmented"));
    Files.createDirectories(old.resolve("model"));
    Files.createDirectories(old.resolve("checkpoints"));
    Files.writeString(
        old.resolve("run.json"),
        "{\"runId\":\"older\",\"runDate\":\"2020-01-01\",\"startedAt\":"
            + "\"2020-01-01T01:00:00Z\",\"seed\":42}");
    run =
        Cli.run(
            args(
                warehouse,
                "run",
                "e2e",
                "--conf",
                "run.keep-runs=1",
                "--conf",
                "compress.variants=[int8, \"prune-50+int8\", struct-50]",
                // The mlp's first layer holds nearly all its weights: prune them too.
                "--conf",
                "compress.exempt-first-layer=false",
                "--conf",
                "compress.fine-tune-rounds=1",
                // Every model scored twice, in turns; one row each.
                "--conf",
                "evaluate.repeats=2",
                // Structured variants fine-tune with their own rounds, without validation.
                "--conf",
                "compress.struct-fine-tune-rounds=2",
                "--conf",
                "compress.struct-fine-tune-validation-fraction=0",
                // Fine-tuning distils from the fp32 model, end to end through the executors.
                "--conf",
                "compress.distill=true",
                // A known row of conf/embodied-emissions.csv, whatever machine runs the test.
                "--conf",
                "energy.server-model=Dell Inc. PowerEdge R640"));
  }

  @Test
  void retentionRemovesTheScratchDataOfOlderRunsOnly() {
    assertThat(warehouse.resolve("runs/older/augmented")).doesNotExist();
    assertThat(warehouse.resolve("runs/older/model")).doesNotExist();
    assertThat(warehouse.resolve("runs/older/checkpoints")).doesNotExist();
    assertThat(warehouse.resolve("runs/older/run.json")).exists();
    assertThat(warehouse.resolve("runs/e2e/augmented")).exists();
    assertThat(warehouse.resolve("runs/e2e/model/model-fp32.gtm")).exists();
    assertThat(run.out()).contains("retention: removed the scratch data of run older");
  }

  @Test
  void runSucceedsAndPrintsAProgressLinePerStageAndTheSummary() {
    assertThat(run.exitCode()).as(run.err()).isZero();
    for (String stage : RunContext.STAGES) {
      assertThat(run.out()).contains("] " + stage + ": done in ");
    }
    assertThat(run.out()).contains("stage", "energy J", "CO2e g", "total", "S1/S2 = ");
    assertThat(run.out())
        .contains(
            "fine-tuning validation split: ",
            "unstructured fine-tuning: 1 rounds at most, from 0.1 of the training rate,"
                + " patience 2, best validated round kept",
            "prune-50+int8: fine-tuned 1 rounds, kept round 1",
            "structured fine-tuning: 2 rounds at most, from 0.1 of the training rate,"
                + " no validation, last round kept",
            "struct-50: fine-tuned 2 rounds, kept round 2",
            "scoring turn 1/2",
            "scoring turn 2/2",
            "J per 1k images (estimated), the median of 2 turns");
  }

  @Test
  void tablesAreReadableByDuckDbWithOneRowPerStageAndAnAccurateRun() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet stages =
          st.executeQuery(
              "SELECT stage, wall_s, cpu_s, energy_j, energy_kwh, co2e_g, estimated, region,"
                  + " schema_version, embodied_co2e_g, water_l, embodied_source, wue_l_per_kwh,"
                  + " water_intensity_l_per_kwh FROM read_parquet('"
                  + warehouse
                  + "/tables/stage_energy/**/*.parquet', hive_partitioning = true)"
                  + " WHERE run_id = 'e2e' ORDER BY stage_order");
      List<String> names = new ArrayList<>();
      double stagesEmbodied = 0;
      double stagesWater = 0;
      while (stages.next()) {
        stagesEmbodied += stages.getDouble("embodied_co2e_g");
        stagesWater += stages.getDouble("water_l");
        assertThat(stages.getDouble("embodied_co2e_g")).isPositive();
        assertThat(stages.getString("embodied_source")).isNotBlank();
        // Region world, PUE 1.0, the default WUE: kWh x (1.8 + 15.2676) L.
        assertThat(stages.getDouble("wue_l_per_kwh")).isEqualTo(1.8);
        assertThat(stages.getDouble("water_intensity_l_per_kwh")).isEqualTo(15.2676);
        assertThat(stages.getDouble("water_l"))
            .isCloseTo(
                stages.getDouble("energy_kwh") * (1.8 + 15.2676),
                org.assertj.core.data.Offset.offset(1e-12));
        names.add(stages.getString("stage"));
        assertThat(stages.getDouble("wall_s")).isPositive();
        assertThat(stages.getDouble("energy_j")).isPositive();
        assertThat(stages.getDouble("energy_kwh"))
            .isCloseTo(
                stages.getDouble("energy_j") / 3.6e6, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(stages.getDouble("co2e_g")).isPositive();
        assertThat(stages.getBoolean("estimated")).isTrue();
        assertThat(stages.getString("region")).isEqualTo("world");
        assertThat(stages.getInt("schema_version")).isEqualTo(1);
      }
      assertThat(names).containsExactlyElementsOf(RunContext.STAGES);

      ResultSet runs =
          st.executeQuery(
              "SELECT run_id, run_date, status, stages, energy_j, co2e_g, fp32_accuracy,"
                  + " int8_accuracy, compression_ratio, estimated, energy_method, schema_version,"
                  + " target_accuracy, reached_target, embodied_co2e_g, water_l,"
                  + " earlier_attempts_energy_j, earlier_attempts_co2e_g"
                  + " FROM read_parquet('"
                  + warehouse
                  + "/tables/runs/**/*.parquet', hive_partitioning = true)");
      assertThat(runs.next()).isTrue();
      assertThat(runs.getString("run_id")).isEqualTo("e2e");
      assertThat(runs.getString("status")).isEqualTo("complete");
      assertThat(runs.getInt("stages")).isEqualTo(5);
      assertThat(runs.getDouble("fp32_accuracy")).isGreaterThan(0.5);
      assertThat(runs.getDouble("int8_accuracy"))
          .isCloseTo(runs.getDouble("fp32_accuracy"), org.assertj.core.data.Offset.offset(0.02));
      assertThat(runs.getDouble("compression_ratio")).isGreaterThan(3.0);
      // No RAPL tree here (energy.powercap-root points nowhere): the documented rule says
      // cpu-time-model, estimated.
      assertThat(runs.getBoolean("estimated")).isTrue();
      assertThat(runs.getString("energy_method")).isEqualTo("cpu-time-model");
      assertThat(runs.getInt("schema_version")).isEqualTo(5);
      // Trained in one attempt: nothing beside the stages' sums.
      assertThat(runs.getDouble("earlier_attempts_energy_j")).isZero();
      assertThat(runs.getDouble("earlier_attempts_co2e_g")).isZero();
      // The run's embodied CO2e and water are its stages'.
      assertThat(runs.getDouble("embodied_co2e_g"))
          .isCloseTo(stagesEmbodied, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(runs.getDouble("water_l"))
          .isCloseTo(stagesWater, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(runs.getObject("target_accuracy")).as("no train.target-accuracy").isNull();
      assertThat(runs.getObject("reached_target")).isNull();
      assertThat(runs.next()).as("one row per run").isFalse();
    }
  }

  @Test
  void everyVariantIsEvaluatedAndEveryArtifactListedForDuckDb() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet e =
          st.executeQuery(
              "SELECT variant, accuracy, accuracy_drop_points, len(class_accuracy), test_images,"
                  + " len(confusion_matrix), list_sum(flatten(confusion_matrix)),"
                  + " parameters, nonzero_parameters, flops_per_image, effective_flops_per_image,"
                  + " file_bytes, compression_ratio, schema_version, batch_size, batch_latency_p50_ms,"
                  + " batch_latency_p99_ms, inference_j_per_1k_images, energy_method,"
                  + " energy_estimated"
                  + " FROM read_parquet('"
                  + warehouse
                  + "/tables/evaluations/**/*.parquet', hive_partitioning = true)"
                  + " WHERE run_id = 'e2e' ORDER BY file_bytes DESC");
      List<String> variants = new ArrayList<>();
      double fp32Accuracy = Double.NaN;
      long fp32Bytes = 0;
      while (e.next()) {
        String variant = e.getString("variant");
        variants.add(variant);
        if (variant.equals("fp32")) {
          fp32Accuracy = e.getDouble("accuracy");
          fp32Bytes = e.getLong("file_bytes");
          assertThat(e.getDouble("accuracy_drop_points")).isZero();
          assertThat(e.getDouble("compression_ratio")).isEqualTo(1.0);
        } else {
          assertThat(e.getDouble("accuracy_drop_points"))
              .as(variant)
              .isCloseTo(
                  100 * (fp32Accuracy - e.getDouble("accuracy")),
                  org.assertj.core.data.Offset.offset(1e-9));
          assertThat(e.getDouble("compression_ratio"))
              .as(variant)
              .isCloseTo(
                  fp32Bytes / (double) e.getLong("file_bytes"),
                  org.assertj.core.data.Offset.offset(1e-9));
        }
        assertThat(e.getInt(4)).isEqualTo(10);
        assertThat(e.getInt(6)).isEqualTo(10);
        assertThat(e.getLong(7)).isEqualTo(e.getLong("test_images"));
        int units = variant.equals("struct-50") ? 64 : 128;
        assertThat(e.getLong("parameters"))
            .as(variant)
            .isEqualTo(28 * 28 * units + units + units * 10 + 10);
        assertThat(e.getLong("flops_per_image")).isEqualTo(2L * (28 * 28 * units + units * 10));
        assertThat(e.getInt("batch_size")).isEqualTo(256);
        assertThat(e.getDouble("batch_latency_p50_ms"))
            .as(variant)
            .isPositive()
            .isLessThanOrEqualTo(e.getDouble("batch_latency_p99_ms"));
        assertThat(e.getDouble("inference_j_per_1k_images")).as(variant).isPositive();
        // The plugin runs with the CPU-time model here (no RAPL tree): flagged as estimated.
        assertThat(e.getString("energy_method")).isEqualTo("cpu-time-model");
        assertThat(e.getBoolean("energy_estimated")).isTrue();
        assertThat(e.getLong("effective_flops_per_image"))
            .isLessThanOrEqualTo(2 * e.getLong("nonzero_parameters"));
        if (variant.startsWith("prune-50")) {
          // Half of the weights.
          assertThat(e.getLong("nonzero_parameters"))
              .isLessThanOrEqualTo(e.getLong("parameters") - (28 * 28 * 128 + 128 * 10) / 2);
          assertThat(e.getDouble("accuracy")).isGreaterThan(0.4);
          assertThat(e.getLong("effective_flops_per_image"))
              .isLessThan(e.getLong("flops_per_image"));
        } else {
          assertThat(e.getDouble("accuracy")).as(variant).isGreaterThan(0.5);
        }
        assertThat(e.getInt("schema_version")).isEqualTo(3);
      }
      assertThat(variants).containsExactlyInAnyOrder("fp32", "int8", "prune-50+int8", "struct-50");
      assertThat(variants.get(0)).isEqualTo("fp32");

      ResultSet m =
          st.executeQuery(
              "SELECT variant, path, bytes, sha256, s1_bytes, s2_bytes, ratio FROM read_parquet('"
                  + warehouse
                  + "/tables/models/**/*.parquet', hive_partitioning = true)"
                  + " WHERE run_id = 'e2e' ORDER BY variant");
      List<String> models = new ArrayList<>();
      while (m.next()) {
        models.add(m.getString("variant"));
        Path file = Path.of(java.net.URI.create(m.getString("path")));
        assertThat(Files.size(file)).isEqualTo(m.getLong("bytes"));
        assertThat(m.getLong("s2_bytes")).isEqualTo(m.getLong("bytes"));
        assertThat(m.getLong("s1_bytes")).isEqualTo(fp32Bytes);
        assertThat(m.getDouble("ratio"))
            .isEqualTo(m.getLong("s1_bytes") / (double) m.getLong("s2_bytes"));
        assertThat(sha256(file)).isEqualTo(m.getString("sha256"));
      }
      assertThat(models).containsExactly("fp32", "int8", "prune-50+int8", "struct-50");
    }
    assertThat(warehouse.resolve("runs/e2e/model/model-prune-50-int8.gtm")).isRegularFile();
    assertThat(run.out())
        .contains(
            "prune-50+int8: ",
            "prune 50% round 1/1: loss ",
            "struct 50%: widths [128] -> [64]",
            "struct 50% round 1/2: loss ",
            "struct 50% round 2/2: loss ");
  }

  @Test
  void theCompressionReportShowsTheNumbersOfTheEvaluationsTable() throws Exception {
    Path report = warehouse.resolve("runs/e2e/report");
    String md = Files.readString(report.resolve("compression.md"));
    byte[] png = Files.readAllBytes(report.resolve("compression.png"));
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet e =
          st.executeQuery(
              "SELECT variant, accuracy, accuracy_drop_points, file_bytes, compression_ratio,"
                  + " parameters, flops_per_image, batch_latency_p50_ms, batch_latency_p99_ms,"
                  + " inference_j_per_1k_images, energy_estimated FROM read_parquet('"
                  + warehouse
                  + "/tables/evaluations/**/*.parquet', hive_partitioning = true)"
                  + " WHERE run_id = 'e2e'");
      int rows = 0;
      while (e.next()) {
        rows++;
        String expected =
            String.format(
                java.util.Locale.ROOT,
                "| %s | %.2f | %.2f | %d | %.2f | %d | %d | %.2f | %.2f | %.3f%s |",
                e.getString(1),
                100 * e.getDouble(2),
                e.getDouble(3),
                e.getLong(4),
                e.getDouble(5),
                e.getLong(6),
                e.getLong(7),
                e.getDouble(8),
                e.getDouble(9),
                e.getDouble(10),
                e.getBoolean(11) ? "*" : "");
        assertThat(md).contains(expected);
      }
      assertThat(rows).isEqualTo(4);
      assertThat(md.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| variant")))
          .hasSize(4);
    }
  }

  @Test
  void theRunsModelFilesAreVerifiedAgainstTheRunManifest() throws Exception {
    com.fasterxml.jackson.databind.JsonNode manifest =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(warehouse.resolve("runs/e2e/model/manifest.json").toFile());
    assertThat(manifest.path("model").path("architecture").asText()).isEqualTo("mlp");
    List<String> listed = new ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode f : manifest.path("files")) {
      Path p = warehouse.resolve("runs/e2e/model/" + f.path("name").asText());
      listed.add(f.path("name").asText());
      assertThat(f.path("bytes").asLong()).isEqualTo(Files.size(p));
      assertThat(f.path("sha256").asText()).isEqualTo(sha256(p));
    }
    assertThat(listed)
        .containsExactly(
            "model-fp32.gtm", "model-int8.gtm", "model-prune-50-int8.gtm", "model-struct-50.gtm");
  }

  @Test
  void thePluginFiledTaskRowsUnderEachSparkStageOfTheRun() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet r =
          st.executeQuery(
              "SELECT stage, count(*) FILTER (WHERE kind = 'task'), sum(energy_j),"
                  + " bool_and(estimated), min(energy_method), min(energy_j)"
                  + " FROM read_parquet('"
                  + warehouse
                  + "/tables/task_energy/**/*.parquet', hive_partitioning = true)"
                  + " WHERE run_id = 'e2e' GROUP BY stage ORDER BY stage");
      List<String> stages = new ArrayList<>();
      while (r.next()) {
        stages.add(r.getString(1));
        assertThat(r.getDouble(3)).as(r.getString(1)).isPositive();
        assertThat(r.getBoolean(4)).isTrue();
        assertThat(r.getString(5)).isEqualTo("cpu-time-model");
        assertThat(r.getDouble(6)).isGreaterThanOrEqualTo(0);
      }
      assertThat(stages).contains("augment", "train", "evaluate");
      ResultSet s =
          st.executeQuery(
              "SELECT bool_and(node_energy_j >= energy_j), min(intensity_source)"
                  + " FROM read_parquet('"
                  + warehouse
                  + "/tables/stage_energy/**/*.parquet', hive_partitioning = true)");
      s.next();
      assertThat(s.getBoolean(1)).as("a node uses at least what the application does").isTrue();
      assertThat(s.getString(2)).isNotBlank();
    }
  }

  @Test
  void publishedManifestListsEveryFileWithItsTrueSizeAndHash() throws Exception {
    Path version = warehouse.resolve("models/fashion-cnn/e2e");
    JsonNode manifest = Json.mapper().readTree(version.resolve("manifest.json").toFile());

    assertThat(manifest.get("run_id").asText()).isEqualTo("e2e");
    assertThat(manifest.get("data_fingerprint").asText()).matches("[0-9a-f]{64}");
    assertThat(manifest.get("metrics").get("fp32_accuracy").asDouble()).isGreaterThan(0.5);
    assertThat(manifest.get("config").get("train").get("model").asText()).isEqualTo("mlp");
    List<String> names = new ArrayList<>();
    for (JsonNode f : manifest.get("files")) {
      Path file = version.resolve(f.get("name").asText());
      names.add(f.get("name").asText());
      assertThat(Files.size(file)).isEqualTo(f.get("bytes").asLong());
      assertThat(sha256(file)).isEqualTo(f.get("sha256").asText());
    }
    assertThat(names).containsExactly("model-fp32.gtm", "model-int8.gtm");
    try (var listing = Files.list(version.getParent())) {
      assertThat(listing.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
          .as("no staging directories left behind")
          .containsExactly("e2e");
    }
  }

  @Test
  void theFirstModelPassesTheGateAndBecomesLatest() throws Exception {
    Path model = warehouse.resolve("models/fashion-cnn");
    JsonNode manifest = Json.mapper().readTree(model.resolve("e2e/manifest.json").toFile());

    assertThat(manifest.get("gate").asText()).isEqualTo("passed");
    assertThat(manifest.get("gate_reason").asText()).startsWith("accuracy ");
    assertThat(model.resolve("LATEST")).hasContent("e2e");
    assertThat(run.out())
        .containsPattern(
            "publish: fashion-cnn/e2e is LATEST \\(gate passed: accuracy 0\\.\\d{4}"
                + " >= minimum 0\\.5000; no LATEST yet\\)");
  }

  @Test
  void rerunningAStageReplacesThatRunsRowsAndNothingElse() throws Exception {
    Cli again = Cli.run(args(warehouse, "publish", "e2e"));
    assertThat(again.exitCode()).as(again.err()).isZero();

    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet r =
          st.executeQuery(
              "SELECT count(*) FROM read_parquet('"
                  + warehouse
                  + "/tables/stage_energy/**/*.parquet', hive_partitioning = true)");
      r.next();
      assertThat(r.getInt(1)).isEqualTo(5);
      r =
          st.executeQuery(
              "SELECT count(*) FROM read_parquet('"
                  + warehouse
                  + "/tables/runs/**/*.parquet', hive_partitioning = true)");
      r.next();
      assertThat(r.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void aSecondRunOfTheSameIdWhileTheFirstHoldsTheLockIsRefused() throws Exception {
    Path lock = warehouse.resolve("runs/e2e/.lock");
    assertThat(lock).as("the finished run released its lock").doesNotExist();
    String since = java.time.Instant.now().toString();
    Files.writeString(
        lock, "{\"host\":\"node-a\",\"pid\":4242,\"startedAt\":\"" + since + "\",\"token\":\"t\"}");
    try {
      Cli second = Cli.run(args(warehouse, "publish", "e2e"));

      assertThat(second.exitCode()).isEqualTo(GreenTrain.USER_ERROR);
      assertThat(second.err())
          .contains(
              "greentrain: error: Cannot start run e2e: it is already running (lock file:"
                  + lock
                  + " held by node-a pid 4242 since "
                  + since);
      assertThat(lock).as("the refused run leaves the holder's lock").exists();
    } finally {
      Files.delete(lock);
    }
  }

  @Test
  void theReportShowsTheNumbersOfTheTables(@TempDir Path out) throws Exception {
    Cli report = Cli.run("report", "--conf", "run.warehouse=" + warehouse, "--out", out.toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    assertThat(report.out()).contains("report for run e2e (1 runs in the trend)");
    String html = Files.readString(out.resolve("report.html"));

    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet stages =
          st.executeQuery(
              "SELECT stage, printf('%.1f', energy_j), printf('%.4f', co2e_g),"
                  + " printf('%.4f', embodied_co2e_g), printf('%.5f', water_l) FROM read_parquet('"
                  + warehouse
                  + "/tables/stage_energy/**/*.parquet', hive_partitioning = true)"
                  + " WHERE run_id = 'e2e'");
      int n = 0;
      while (stages.next()) {
        n++;
        assertThat(html)
            .contains(
                "data-stage=\""
                    + stages.getString(1)
                    + "\" data-col=\"energy_j\">"
                    + stages.getString(2)
                    + "<")
            .contains(
                "data-stage=\""
                    + stages.getString(1)
                    + "\" data-col=\"co2e_g\">"
                    + stages.getString(3)
                    + "<")
            .contains(
                "data-stage=\""
                    + stages.getString(1)
                    + "\" data-col=\"embodied_co2e_g\">"
                    + stages.getString(4)
                    + "<")
            .contains(
                "data-stage=\""
                    + stages.getString(1)
                    + "\" data-col=\"water_l\">"
                    + stages.getString(5)
                    + "<");
      }
      assertThat(n).isEqualTo(RunContext.STAGES.size());
      ResultSet runs =
          st.executeQuery(
              "SELECT printf('%.6f', energy_kwh), printf('%.4f', fp32_accuracy),"
                  + " printf('%.4f', embodied_co2e_g), printf('%.5f', water_l), embodied_default"
                  + " FROM read_parquet('"
                  + warehouse
                  + "/tables/runs/**/*.parquet', hive_partitioning = true)");
      runs.next();
      assertThat(html)
          .contains("data-run=\"e2e\" data-col=\"energy_kwh\">" + runs.getString(1) + "<")
          .contains("data-run=\"e2e\" data-col=\"fp32_accuracy\">" + runs.getString(2) + "<")
          .contains("data-run=\"e2e\" data-col=\"water_l\">" + runs.getString(4) + "<")
          // No DMI here: the default server's figure, and the report says so.
          .contains(
              "data-run=\"e2e\" data-col=\"embodied_co2e_g\">"
                  + runs.getString(3)
                  + (runs.getBoolean(5) ? " (default hardware)" : "")
                  + "<");
      ResultSet variants =
          st.executeQuery(
              "SELECT variant, printf('%.4f', accuracy), file_bytes, printf('%.2f', compression_ratio)"
                  + " FROM read_parquet('"
                  + warehouse
                  + "/tables/evaluations/**/*.parquet', hive_partitioning = true)"
                  + " WHERE run_id = 'e2e'");
      int v = 0;
      while (variants.next()) {
        v++;
        String variant = "data-variant=\"" + variants.getString(1) + "\" data-col=";
        assertThat(html)
            .contains(variant + "\"accuracy\">" + variants.getString(2) + "<")
            .contains(variant + "\"bytes\">" + variants.getLong(3) + "<")
            .contains(variant + "\"compression_ratio\">" + variants.getString(4) + "<");
      }
      // fp32 and the three configured variants: every variant the run evaluated.
      assertThat(v).isEqualTo(4);
    }
    for (String png : List.of("stages.png", "trend.png", "compression.png")) {
      java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(out.resolve(png).toFile());
      assertThat(image).as(png).isNotNull();
      assertThat(image.getWidth()).isEqualTo(800);
    }
    assertThat(html).contains("src=\"data:image/png;base64,");
  }

  @Test
  void resumeSkipsTheFinishedStagesAndRunsTheRest() throws Exception {
    // As if the run had stopped after compress.
    Files.delete(warehouse.resolve("runs/e2e/stages/evaluate.json"));
    Files.delete(warehouse.resolve("runs/e2e/stages/publish.json"));
    // As if the first attempt had run on another machine: the resumed run keeps its identity.
    Path info = warehouse.resolve("runs/e2e/run.json");
    com.fasterxml.jackson.databind.node.ObjectNode run =
        (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(info.toFile());
    JsonNode platform = run.get("platform");
    ((com.fasterxml.jackson.databind.node.ObjectNode) platform)
        .put("cpuModel", "First Attempt CPU");
    Files.writeString(info, Json.mapper().writeValueAsString(run));
    // Hadoop's local file system checks run.json against its checksum file, now stale.
    Files.deleteIfExists(info.resolveSibling(".run.json.crc"));

    Cli resumed = Cli.run(args(warehouse, "run", "e2e", "--resume"));

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out())
        .contains("GreenTrain run e2e", "(resuming)")
        .contains("[1/5] augment: skipped, complete in run e2e")
        .contains("[2/5] train: skipped, complete in run e2e")
        .contains("[3/5] compress: skipped, complete in run e2e")
        .contains("] evaluate: done in ", "] publish: done in ")
        .doesNotContain("augment: done in ", "train: done in ");
    assertThat(warehouse.resolve("runs/e2e/stages/publish.json")).exists();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet r =
          st.executeQuery(
              "SELECT cpu_model FROM read_parquet('"
                  + warehouse
                  + "/tables/runs/**/*.parquet', hive_partitioning = true)");
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isEqualTo("First Attempt CPU");
    }
  }

  @Test
  void aModelBelowTheFloorIsPublishedButGatedAndTheRunStillSucceeds() throws Exception {
    // A registry name of its own, whose LATEST is unset, so the other tests' registry stays.
    Path model = warehouse.resolve("models/gated-model");
    try {
      Cli gated =
          Cli.run(
              args(
                  warehouse,
                  "publish",
                  "e2e",
                  "--conf",
                  "publish.model-name=gated-model",
                  "--conf",
                  "publish.min-accuracy=0.99"));

      assertThat(gated.exitCode()).as(gated.err()).isZero();
      assertThat(gated.out())
          .containsPattern(
              "publish: gated-model/e2e gated, LATEST stays unset: accuracy"
                  + " 0\\.\\d{4} is below the minimum 0\\.9900 \\(publish.min-accuracy\\)");
      JsonNode manifest = Json.mapper().readTree(model.resolve("e2e/manifest.json").toFile());
      assertThat(manifest.get("gate").asText()).isEqualTo("gated");
      assertThat(manifest.get("gate_reason").asText()).contains("below the minimum 0.9900");
      assertThat(model.resolve("LATEST")).doesNotExist();
      JsonNode report =
          Json.mapper().readTree(warehouse.resolve("runs/e2e/stages/publish.json").toFile());
      assertThat(report.get("metrics").get("gate_passed").asDouble()).isZero();
    } finally {
      // Leave the run's stage report as the other tests expect it.
      assertThat(Cli.run(args(warehouse, "publish", "e2e")).exitCode()).isZero();
    }
    assertThat(warehouse.resolve("models/fashion-cnn/LATEST")).hasContent("e2e");
  }

  @Test
  void aGatedRepublishOfTheLatestVersionKeepsItsPublishedFiles() throws Exception {
    Path version = warehouse.resolve("models/fashion-cnn/e2e");
    assertThat(warehouse.resolve("models/fashion-cnn/LATEST")).hasContent("e2e");
    String before = sha256(version.resolve("manifest.json"));

    Cli again = Cli.run(args(warehouse, "publish", "e2e", "--conf", "publish.min-accuracy=0.999"));

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("gated and not published: LATEST points at fashion-cnn/e2e");
    assertThat(sha256(version.resolve("manifest.json"))).isEqualTo(before);
    assertThat(warehouse.resolve("models/fashion-cnn/LATEST")).hasContent("e2e");
  }

  @Test
  void everyTrainingRoundSaysHowItsEnergyWasObtained() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet r =
          st.executeQuery(
              "SELECT round, energy_j, estimated, energy_method, schema_version FROM read_parquet('"
                  + warehouse
                  + "/tables/training_rounds/**/*.parquet', hive_partitioning = true)"
                  + " WHERE run_id = 'e2e' ORDER BY round");
      List<Integer> rounds = new ArrayList<>();
      while (r.next()) {
        rounds.add(r.getInt("round"));
        assertThat(r.getDouble("energy_j")).isPositive();
        // No RAPL tree here: the documented rule says cpu-time-model, estimated.
        assertThat(r.getBoolean("estimated")).as("round %d", r.getInt("round")).isTrue();
        assertThat(r.getString("energy_method")).isEqualTo("cpu-time-model");
        assertThat(r.getInt("schema_version")).isEqualTo(3);
      }
      assertThat(rounds).containsExactly(0, 1);
    }
  }

  /**
   * energy.server-model matches the PowerEdge R640 row: 1283.18 kg over 4 years, 1,283,180 g /
   * 35,040 h = 36.620433789954 g CO2e per node hour. Region world, PUE 1.0, WUE 1.8: 1.8 + 1.0 x
   * 15.2676 = 17.0676 L per kWh. Both worked out by hand, not by the code under test.
   */
  private static final double R640_G_PER_HOUR = 36.620433789954;

  private static final double WORLD_LITRES_PER_KWH = 17.0676;

  @Test
  void eachRoundCarriesTheEmbodiedCo2eOfItsNodeHoursAndTheWaterOfItsEnergy() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      // The run's application; another test publishes again later, without the override.
      String taskEnergy =
          "read_parquet('"
              + warehouse
              + "/tables/task_energy/**/*.parquet', hive_partitioning = true)";
      ResultSet rates =
          st.executeQuery(
              "SELECT DISTINCT embodied_g_per_hour FROM "
                  + taskEnergy
                  + " WHERE app_id IN (SELECT app_id FROM "
                  + taskEnergy
                  + " WHERE stage = 'train')");
      assertThat(rates.next()).isTrue();
      assertThat(rates.getDouble(1)).isCloseTo(R640_G_PER_HOUR, within(1e-9));
      assertThat(rates.next()).as("one node, one rate").isFalse();
      ResultSet r =
          st.executeQuery(
              "SELECT round, started_at, wall_s, energy_kwh, embodied_co2e_g, water_l,"
                  + " embodied_source, embodied_default, wue_l_per_kwh, water_intensity_l_per_kwh,"
                  + " water_source FROM read_parquet('"
                  + warehouse
                  + "/tables/training_rounds/**/*.parquet', hive_partitioning = true)"
                  + " WHERE run_id = 'e2e' ORDER BY round");
      double roundsEmbodied = 0;
      int rounds = 0;
      while (r.next()) {
        rounds++;
        long start = Instant.parse(r.getString("started_at")).toEpochMilli();
        long end = start + Math.round(r.getDouble("wall_s") * 1000);
        // The training's task rows alone: a lower bound, whatever else the run's partitions hold
        // (another test publishes e2e again, which replaces its stage=unlabelled partition, the
        // overhead rows of this application included).
        double taskHours = applicationSum(db, "node_hours", start, end, "stage = 'train'");
        assertThat(taskHours).isPositive();
        assertThat(r.getDouble("embodied_co2e_g"))
            .as("round %d", r.getInt("round"))
            .isGreaterThanOrEqualTo(0.99 * taskHours * R640_G_PER_HOUR);
        // One node: the application holds at most the round's wall hours of it.
        assertThat(r.getDouble("embodied_co2e_g"))
            .as("round %d", r.getInt("round"))
            .isPositive()
            .isLessThanOrEqualTo(1.01 * r.getDouble("wall_s") / 3600 * R640_G_PER_HOUR);
        assertThat(r.getDouble("water_l"))
            .isCloseTo(r.getDouble("energy_kwh") * WORLD_LITRES_PER_KWH, within(1e-12));
        assertThat(r.getString("embodied_source")).startsWith("Dell PowerEdge R640 ");
        assertThat(r.getBoolean("embodied_default")).isFalse();
        assertThat(r.getDouble("wue_l_per_kwh")).isEqualTo(1.8);
        assertThat(r.getDouble("water_intensity_l_per_kwh")).isEqualTo(15.2676);
        assertThat(r.getString("water_source")).startsWith("Mekonnen et al. 2015 ");
        roundsEmbodied += r.getDouble("embodied_co2e_g");
      }
      assertThat(rounds).isEqualTo(2);
      // Not equal: the stage also loads the shards and writes the model (docs/energy-model.md).
      assertThat(roundsEmbodied).isLessThanOrEqualTo(stageEmbodied(st, "train") + 1e-12);
    }
  }

  @Test
  void eachVariantCarriesTheEmbodiedCo2eAndWaterOfItsOwnJob() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet stage =
          st.executeQuery(
              "SELECT wall_s FROM read_parquet('"
                  + warehouse
                  + "/tables/stage_energy/**/*.parquet', hive_partitioning = true)"
                  + " WHERE run_id = 'e2e' AND stage = 'evaluate'");
      assertThat(stage.next()).isTrue();
      double stageHours = stage.getDouble(1) / 3600;
      ResultSet e =
          st.executeQuery(
              "SELECT variant, inference_j_per_1k_images * test_images / 1000 / 3.6e6 AS kwh,"
                  + " embodied_co2e_g, water_l, embodied_source, wue_l_per_kwh FROM read_parquet('"
                  + warehouse
                  + "/tables/evaluations/**/*.parquet', hive_partitioning = true)"
                  + " WHERE run_id = 'e2e'");
      double variantsEmbodied = 0;
      int variants = 0;
      while (e.next()) {
        variants++;
        assertThat(e.getDouble("water_l"))
            .as(e.getString("variant"))
            .isCloseTo(e.getDouble("kwh") * WORLD_LITRES_PER_KWH, within(1e-12));
        // One node: the job's node hours are at most the stage's wall hours.
        assertThat(e.getDouble("embodied_co2e_g"))
            .isPositive()
            .isLessThanOrEqualTo(stageHours * R640_G_PER_HOUR);
        assertThat(e.getString("embodied_source")).startsWith("Dell PowerEdge R640 ");
        assertThat(e.getDouble("wue_l_per_kwh")).isEqualTo(1.8);
        variantsEmbodied += e.getDouble("embodied_co2e_g");
      }
      assertThat(variants).isEqualTo(4);
      assertThat(variantsEmbodied).isLessThanOrEqualTo(stageEmbodied(st, "evaluate") + 1e-12);
    }
  }

  private static double stageEmbodied(Statement st, String stage) throws Exception {
    ResultSet r =
        st.executeQuery(
            "SELECT embodied_co2e_g FROM read_parquet('"
                + warehouse
                + "/tables/stage_energy/**/*.parquet', hive_partitioning = true)"
                + " WHERE run_id = 'e2e' AND stage = '"
                + stage
                + "'");
    assertThat(r.next()).isTrue();
    return r.getDouble(1);
  }

  /**
   * The sum of {@code column} over the run's task_energy rows of {@code where} other than
   * node_other in [start, end], each row's value prorated by its window's overlap with it.
   */
  private static double applicationSum(
      Connection db, String column, long start, long end, String where) throws Exception {
    String sql =
        "SELECT sum("
            + column
            + " * greatest(0, least(window_end_ms, ?) - greatest(window_start_ms,"
            + " ?)) / (window_end_ms - window_start_ms)) FROM read_parquet('"
            + warehouse
            + "/tables/task_energy/**/*.parquet', hive_partitioning = true)"
            + " WHERE run_id = 'e2e' AND kind <> 'node_other' AND window_end_ms > window_start_ms"
            + " AND "
            + where;
    try (var st = db.prepareStatement(sql)) {
      st.setLong(1, end);
      st.setLong(2, start);
      ResultSet r = st.executeQuery();
      assertThat(r.next()).isTrue();
      return r.getDouble(1);
    }
  }

  @Test
  void theRunsRowNamesThePlatformTheRunRanOn() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      ResultSet r =
          st.executeQuery(
              "SELECT cpu_model, cpu_flags, engine, djl_version, java_version, os FROM"
                  + " read_parquet('"
                  + warehouse
                  + "/tables/runs/**/*.parquet', hive_partitioning = true)"
                  + " WHERE run_id = 'e2e'");
      assertThat(r.next()).isTrue();
      assertThat(r.getString("cpu_model")).isNotBlank();
      assertThat(r.getString("cpu_flags")).matches("[a-z0-9_ ]*");
      // The versions the parent pom pins.
      assertThat(r.getString("engine")).startsWith("PyTorch 2.7.1");
      assertThat(r.getString("djl_version")).isEqualTo("0.36.0");
      assertThat(r.getString("java_version")).endsWith(" " + Runtime.version());
      assertThat(r.getString("os"))
          .isEqualTo(System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      md.update(in.readAllBytes());
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
