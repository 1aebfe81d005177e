package org.greentrain.infer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.greentrain.runtime.TaskDevice;

/**
 * A Spark ML {@link Transformer} that classifies images with a GreenTrain model file: batched DJL
 * prediction in {@code mapPartitions}, grad mode off, the model loaded and verified once per
 * executor ({@link ModelLoader}). Parameters are named as in the DJL Spark extension's predictors:
 * {@code modelUrl}, {@code engine}, {@code batchSize}, {@code inputCol}, {@code outputCol}.
 *
 * <p>The input column holds one image per row as {@code array<float>} of {@code channels × rows ×
 * cols} values (the model manifest's {@code channels}, 1 when absent), channel-planar (CHW: all of
 * channel 0 row-major, then channel 1, ...; R, G, B for colour models), each channel normalised
 * with its mean and std as the model was trained (see {@code AugmentPipelines.normalisedPixels} and
 * the augment stage's report); the output column, appended, holds the predicted class index ({@code
 * int}). Row order and all other columns are kept.
 */
public final class ImageClassifierTransformer extends Transformer {

  private final String uid;
  private final Param<String> modelUrl;
  private final Param<String> engine;
  private final IntParam batchSize;
  private final Param<String> inputCol;
  private final Param<String> outputCol;

  public ImageClassifierTransformer() {
    this(Identifiable$.MODULE$.randomUID("ImageClassifierTransformer"));
  }

  public ImageClassifierTransformer(String uid) {
    this.uid = uid;
    modelUrl =
        new Param<>(
            this,
            "modelUrl",
            "The model file (.gtm) with a manifest.json beside it; any Hadoop file system URI");
    engine = new Param<>(this, "engine", "The engine (PyTorch)");
    batchSize = new IntParam(this, "batchSize", "Images per forward pass", ParamValidators.gtEq(1));
    inputCol =
        new Param<>(
            this,
            "inputCol",
            "Input column: array<float> of channels x rows x cols normalised values, channel-planar");
    outputCol = new Param<>(this, "outputCol", "Output column: predicted class index (int)");
    setDefault(engine, ModelLoader.ENGINE);
    setDefault(batchSize, 256);
    setDefault(inputCol, "pixels");
    setDefault(outputCol, "prediction");
  }

  public ImageClassifierTransformer setModelUrl(String value) {
    set(modelUrl, value);
    return this;
  }

  public ImageClassifierTransformer setEngine(String value) {
    set(engine, value);
    return this;
  }

  /**
   * @throws IllegalArgumentException if {@code value} is below 1
   */
  public ImageClassifierTransformer setBatchSize(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("Invalid batchSize: " + value + " (at least 1)");
    }
    set(batchSize, value);
    return this;
  }

  public ImageClassifierTransformer setInputCol(String value) {
    set(inputCol, value);
    return this;
  }

  public ImageClassifierTransformer setOutputCol(String value) {
    set(outputCol, value);
    return this;
  }

  public Param<String> modelUrl() {
    return modelUrl;
  }

  public Param<String> engine() {
    return engine;
  }

  public IntParam batchSize() {
    return batchSize;
  }

  public Param<String> inputCol() {
    return inputCol;
  }

  public Param<String> outputCol() {
    return outputCol;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String in = $(inputCol);
    String out = $(outputCol);
    if (!List.of(schema.fieldNames()).contains(in)) {
      throw new IllegalArgumentException(
          "Invalid inputCol: " + in + " is not a column of " + schema.simpleString());
    }
    StructField field = schema.apply(in);
    if (!(field.dataType() instanceof ArrayType a) || a.elementType() != DataTypes.FloatType) {
      throw new IllegalArgumentException(
          "Invalid inputCol: "
              + in
              + " is "
              + field.dataType().simpleString()
              + ", expected array<float> of normalised pixels");
    }
    if (List.of(schema.fieldNames()).contains(out)) {
      throw new IllegalArgumentException(
          "Invalid outputCol: " + out + " is already a column of " + schema.simpleString());
    }
    return schema.add(out, DataTypes.IntegerType, false);
  }

  /**
   * Classifies every row. The model is loaded and verified on the driver first, so a missing,
   * foreign or altered file fails here with its name rather than inside a task.
   */
  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    if (!isDefined(modelUrl)) {
      throw new IllegalArgumentException("Invalid modelUrl: it is not set");
    }
    StructType outSchema = transformSchema(dataset.schema());
    ModelLoader loader = new ModelLoader($(modelUrl), $(engine));
    int pixels = loader.load().spec().valuesPerImage();
    int column = dataset.schema().fieldIndex($(inputCol));
    int batch = (Integer) $(batchSize);
    MapPartitionsFunction<Row, Row> predict =
        rows -> new Batches(rows, loader, column, batch, pixels);
    return dataset.toDF().mapPartitions(predict, Encoders.row(outSchema));
  }

  @Override
  public ImageClassifierTransformer copy(ParamMap extra) {
    return (ImageClassifierTransformer) defaultCopy(extra);
  }

  /** Reads up to a batch of rows ahead, predicts them in one forward pass, hands them out. */
  private static final class Batches implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final ModelLoader loader;
    private final int column;
    private final int batchSize;
    private final int pixels;
    private PartitionPredictor predictor;
    private final List<Row> pending = new ArrayList<>();
    private int[] predicted;
    private int next;

    Batches(Iterator<Row> rows, ModelLoader loader, int column, int batchSize, int pixels) {
      this.rows = rows;
      this.loader = loader;
      this.column = column;
      this.batchSize = batchSize;
      this.pixels = pixels;
    }

    @Override
    public boolean hasNext() {
      if (next < pending.size()) {
        return true;
      }
      fill();
      return next < pending.size();
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row row = pending.get(next);
      Object[] values = new Object[row.size() + 1];
      for (int i = 0; i < row.size(); i++) {
        values[i] = row.get(i);
      }
      values[row.size()] = predicted[next++];
      return RowFactory.create(values);
    }

    private void fill() {
      pending.clear();
      next = 0;
      float[] images = new float[batchSize * pixels];
      while (pending.size() < batchSize && rows.hasNext()) {
        Row row = rows.next();
        List<Float> image = row.getList(column);
        if (image == null || image.size() != pixels) {
          throw new IllegalArgumentException(
              "Invalid image in input column "
                  + column
                  + ": "
                  + (image == null ? "null" : image.size() + " values")
                  + ", the model expects "
                  + pixels);
        }
        int at = pending.size() * pixels;
        for (int i = 0; i < pixels; i++) {
          images[at + i] = image.get(i);
        }
        pending.add(row);
      }
      if (pending.isEmpty()) {
        if (predictor != null) {
          predictor.close();
          predictor = null;
        }
        return;
      }
      if (predictor == null) {
        predictor = new PartitionPredictor(loader, TaskDevice.current());
      }
      predicted = predictor.predict(images, pending.size());
    }
  }
}
