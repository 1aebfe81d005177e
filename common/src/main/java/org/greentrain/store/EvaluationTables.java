package org.greentrain.store;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The analyst tables {@code evaluations} (one row per model variant scored on the test split) and
 * {@code models} (one row per model artifact of a run): Parquet, partitioned by {@code run_date}
 * and {@code run_id}, like {@link WarehouseTables}. Writing a run replaces that run's partitions
 * and nothing else.
 */
public final class EvaluationTables {

  /** Bumped whenever a column changes meaning or type; stored in every row. */
  public static final int SCHEMA_VERSION = 2;

  public static final StructType EVALUATIONS =
      new StructType()
          .add("variant", DataTypes.StringType, false)
          .add("accuracy", DataTypes.DoubleType, false)
          .add("accuracy_drop_points", DataTypes.DoubleType, false)
          .add("class_accuracy", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
          .add(
              "confusion_matrix",
              DataTypes.createArrayType(
                  DataTypes.createArrayType(DataTypes.LongType, false), false),
              false)
          .add("test_images", DataTypes.LongType, false)
          .add("parameters", DataTypes.LongType, false)
          .add("nonzero_parameters", DataTypes.LongType, false)
          .add("flops_per_image", DataTypes.LongType, false)
          .add("effective_flops_per_image", DataTypes.LongType, false)
          .add("file_bytes", DataTypes.LongType, false)
          .add("compression_ratio", DataTypes.DoubleType, false)
          .add("batch_size", DataTypes.IntegerType, false)
          .add("batch_latency_p50_ms", DataTypes.DoubleType, false)
          .add("batch_latency_p99_ms", DataTypes.DoubleType, false)
          .add("inference_j_per_1k_images", DataTypes.DoubleType, false)
          .add("energy_method", DataTypes.StringType, false)
          .add("energy_estimated", DataTypes.BooleanType, false)
          .add("schema_version", DataTypes.IntegerType, false)
          .add("run_date", DataTypes.StringType, false)
          .add("run_id", DataTypes.StringType, false);

  public static final StructType MODELS =
      new StructType()
          .add("variant", DataTypes.StringType, false)
          .add("path", DataTypes.StringType, false)
          .add("bytes", DataTypes.LongType, false)
          .add("sha256", DataTypes.StringType, false)
          .add("s1_bytes", DataTypes.LongType, false)
          .add("s2_bytes", DataTypes.LongType, false)
          .add("ratio", DataTypes.DoubleType, false)
          .add("schema_version", DataTypes.IntegerType, false)
          .add("run_date", DataTypes.StringType, false)
          .add("run_id", DataTypes.StringType, false);

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
   */
  public record Cost(
      int batchSize,
      double p50Millis,
      double p99Millis,
      double joulesPer1kImages,
      String energyMethod,
      boolean energyEstimated) {}

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
      rows.add(
          RowFactory.create(
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
              e.latency().energyEstimated(),
              SCHEMA_VERSION,
              run.runDate(),
              run.runId()));
    }
    write("evaluations", rows, EVALUATIONS);
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
              SCHEMA_VERSION,
              run.runDate(),
              run.runId()));
    }
    write("models", rows, MODELS);
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

  private void write(String table, List<Row> rows, StructType schema) {
    RunPartitionedTable.write(spark, warehouse, table, rows, schema);
  }
}
