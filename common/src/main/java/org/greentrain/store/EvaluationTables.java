package org.greentrain.store;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.greentrain.energy.table.Column;
import org.greentrain.energy.table.TableSchema;

/**
 * The analyst tables {@code evaluations} (one row per model variant scored on the test split) and
 * {@code models} (one row per model artifact of a run): Parquet, partitioned by {@code run_date}
 * and {@code run_id}, like {@link WarehouseTables}. Writing a run replaces that run's partitions
 * and nothing else.
 */
public final class EvaluationTables {

  /**
   * Bumped whenever a column of evaluations is added or changes meaning or type; stored in every
   * row. Version 2 added the latency and energy columns, 3 the embodied and water columns, {@code
   * embodied_co2e_g} to {@code water_source}.
   */
  public static final int EVALUATIONS_SCHEMA_VERSION = 3;

  /**
   * Bumped whenever a column of models is added or changes meaning or type; stored in every row.
   */
  public static final int MODELS_SCHEMA_VERSION = 2;

  private static final Column VARIANT =
      Column.required("variant", StringType, "", "`fp32` or a `compress.variants` name");

  /** One row per variant scored, {@code fp32} included (docs/compression.md). */
  public static final TableSchema EVALUATIONS =
      TableSchema.byRun(
          "evaluations",
          TableSchema.concat(
              List.of(
                  VARIANT,
                  Column.required(
                      "accuracy", DoubleType, "fraction", "top-1 accuracy on the test split, 0..1"),
                  Column.required(
                      "accuracy_drop_points",
                      DoubleType,
                      "points",
                      "fp32 accuracy minus this one, in percentage points"),
                  Column.required(
                      "class_accuracy",
                      DataTypes.createArrayType(DoubleType, false),
                      "fraction",
                      "top-1 accuracy per class, by class index (NaN for a class absent from the"
                          + " split)"),
                  Column.required(
                      "confusion_matrix",
                      DataTypes.createArrayType(DataTypes.createArrayType(LongType, false), false),
                      "images",
                      "`confusion_matrix[actual][predicted]` image counts (0-based in Java; DuckDB"
                          + " lists index from 1)"),
                  Column.required("test_images", LongType, "images", "images scored"),
                  parameters("parameters"),
                  parameters("nonzero_parameters"),
                  Column.required(
                      "flops_per_image",
                      LongType,
                      "FLOPs",
                      "2 × multiply-adds of the conv and dense weights per image, as the dense engine"
                          + " runs them (`org.greentrain.model.Flops`)"),
                  Column.required(
                      "effective_flops_per_image",
                      LongType,
                      "FLOPs",
                      "the same, counting only non-zero weights: what sparse kernels could save (DJL's"
                          + " dense kernels do not)"),
                  Column.required("file_bytes", LongType, "bytes", "bytes of the artifact (S2)"),
                  Column.required(
                      "compression_ratio",
                      DoubleType,
                      "",
                      "S1/S2, fp32 artifact bytes over `file_bytes`"),
                  Column.required(
                      "batch_size",
                      IntegerType,
                      "images",
                      "images per forward batch (`evaluate.batch-size`)"),
                  latency("batch_latency_p50_ms"),
                  latency("batch_latency_p99_ms"),
                  Column.required(
                      "inference_j_per_1k_images",
                      DoubleType,
                      "J",
                      "energy of the variant's own Spark job per 1,000 test images (with"
                          + " `evaluate.repeats` above 1, of its job of median energy)"),
                  Column.required(
                      "energy_method",
                      StringType,
                      "",
                      "the energy plugin's meter method (`rapl`, `cpu-time-model`, ...), or the"
                          + " CPU-time model's when the plugin is off"),
                  Column.required(
                      "energy_estimated",
                      BooleanType,
                      "",
                      "true when the energy is modelled, not metered (as `stage_energy.estimated`;"
                          + " the other tables that carry energy call this column `estimated`, this"
                          + " one kept its version-2 name)")),
              StageImpact.columns(
                  "manufacturing emissions of the node and GPU hours the application's rows held during the"
                      + " variant's own Spark job, prorated as its energy is (without the energy"
                      + " plugin: the node's whole hours for the job's wall time), as in"
                      + " `stage_energy`; null in rows written before version 3",
                  "water of the job's energy, `inference_j_per_1k_images × test_images / 1000` J:"
                      + " its kWh × (`wue_l_per_kwh + pue × water_intensity_l_per_kwh`), `pue` as in"
                      + " `stage_energy`; null in rows written before version 3"),
              List.of(
                  Column.required(
                      "schema_version",
                      IntegerType,
                      "",
                      "table schema version (3; 2 before the embodied and water columns, 1 before"
                          + " the latency and energy columns)"))));

  /** One row per model artifact of a run (docs/compression.md). */
  public static final TableSchema MODELS =
      TableSchema.byRun(
          "models",
          List.of(
              VARIANT,
              Column.required("path", StringType, "", "the artifact's file, fully qualified"),
              Column.required("bytes", LongType, "bytes", "its size (S2)"),
              Column.required("sha256", StringType, "", "SHA-256 of its bytes, hex"),
              Column.required("s1_bytes", LongType, "bytes", "size of the run's fp32 artifact"),
              Column.required("s2_bytes", LongType, "bytes", "size of this artifact, `bytes`"),
              Column.required("ratio", DoubleType, "", "S1/S2"),
              Column.required("schema_version", IntegerType, "", "table schema version (2)")));

  private static Column parameters(String name) {
    return Column.required(name, LongType, "parameters", "all parameters; those not exactly zero");
  }

  private static Column latency(String name) {
    return Column.required(
        name,
        DoubleType,
        "ms",
        "wall time of one forward batch on the executors, median and 99th percentile (see"
            + " below)");
  }

  /**
   * One variant's scores.
   *
   * @param accuracyDropPoints fp32 accuracy minus this variant's, in percentage points
   * @param classAccuracy top-1 accuracy per class, by class index
   * @param confusionMatrix {@code confusionMatrix[actual][predicted]} image counts; copied
   * @param flopsPerImage operations per image the dense engine executes
   * @param effectiveFlopsPerImage operations per image that involve a non-zero weight
   * @param compressionRatio S1/S2: fp32 file bytes over this variant's file bytes
   * @param latency per-batch wall time on the executors and inference energy
   */
  public record Evaluation(
      String variant,
      double accuracy,
      double accuracyDropPoints,
      List<Double> classAccuracy,
      long[][] confusionMatrix,
      long testImages,
      long parameters,
      long nonzeroParameters,
      long flopsPerImage,
      long effectiveFlopsPerImage,
      long fileBytes,
      double compressionRatio,
      Cost latency) {

    public Evaluation {
      classAccuracy = List.copyOf(classAccuracy);
      long[][] copy = new long[confusionMatrix.length][];
      for (int i = 0; i < copy.length; i++) {
        copy[i] = confusionMatrix[i].clone();
      }
      confusionMatrix = copy;
    }
  }

  /**
   * What running a variant over the test set cost.
   *
   * @param batchSize images per forward batch
   * @param p50Millis median wall milliseconds of a batch, measured on the executors
   * @param p99Millis 99th percentile of the same
   * @param joulesPer1kImages energy of the variant's own Spark job per 1,000 test images
   * @param energyMethod how the energy was obtained: the energy plugin's meter method, or the
   *     CPU-time model's when the plugin was off
   * @param energyEstimated whether the energy is an estimate rather than a metered value
   * @param impact embodied CO2e and water of the variant's own Spark job, as a stage's
   */
  public record Cost(
      int batchSize,
      double p50Millis,
      double p99Millis,
      double joulesPer1kImages,
      String energyMethod,
      boolean energyEstimated,
      StageImpact impact) {}

  /**
   * One model artifact.
   *
   * @param s1Bytes bytes of the run's fp32 artifact
   * @param s2Bytes bytes of this artifact (equal to {@code bytes})
   */
  public record Artifact(
      String variant, String path, long bytes, String sha256, long s1Bytes, long s2Bytes) {

    /** S1/S2. */
    public double ratio() {
      return s1Bytes / (double) s2Bytes;
    }
  }

  private final SparkSession spark;
  private final Warehouse warehouse;

  public EvaluationTables(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
  }

  /** Replaces the run's rows of {@code evaluations}. */
  public void writeEvaluations(RunInfo run, List<Evaluation> evaluations) {
    List<Row> rows = new ArrayList<>();
    for (Evaluation e : evaluations) {
      List<Object> values = new ArrayList<>();
      values.addAll(
          Arrays.asList(
              e.variant(),
              e.accuracy(),
              e.accuracyDropPoints(),
              e.classAccuracy().toArray(),
              confusionRows(e.confusionMatrix()),
              e.testImages(),
              e.parameters(),
              e.nonzeroParameters(),
              e.flopsPerImage(),
              e.effectiveFlopsPerImage(),
              e.fileBytes(),
              e.compressionRatio(),
              e.latency().batchSize(),
              e.latency().p50Millis(),
              e.latency().p99Millis(),
              e.latency().joulesPer1kImages(),
              e.latency().energyMethod(),
              e.latency().energyEstimated()));
      values.addAll(Arrays.asList(StageImpact.values(e.latency().impact())));
      values.addAll(Arrays.asList(EVALUATIONS_SCHEMA_VERSION, run.runDate(), run.runId()));
      rows.add(RowFactory.create(values.toArray()));
    }
    RunPartitionedTable.write(spark, warehouse, EVALUATIONS, rows);
  }

  /** Replaces the run's rows of {@code models}. */
  public void writeModels(RunInfo run, List<Artifact> artifacts) {
    List<Row> rows = new ArrayList<>();
    for (Artifact a : artifacts) {
      rows.add(
          RowFactory.create(
              a.variant(),
              a.path(),
              a.bytes(),
              a.sha256(),
              a.s1Bytes(),
              a.s2Bytes(),
              a.ratio(),
              MODELS_SCHEMA_VERSION,
              run.runDate(),
              run.runId()));
    }
    RunPartitionedTable.write(spark, warehouse, MODELS, rows);
  }

  /** Spark maps Java arrays to array columns only as Object arrays, row by row. */
  private static Object[] confusionRows(long[][] matrix) {
    Object[] rows = new Object[matrix.length];
    for (int i = 0; i < matrix.length; i++) {
      Long[] row = new Long[matrix[i].length];
      for (int j = 0; j < row.length; j++) {
        row[j] = matrix[i][j];
      }
      rows[i] = row;
    }
    return rows;
  }
}
