package org.greentrain.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.greentrain.compress.Int8Quantizer;
import org.greentrain.compress.QuantizedModelCodec;
import org.greentrain.digest.Sha256;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.ModelWeightsCodec;
import org.greentrain.model.WeightInit;
import org.greentrain.testing.SharedSparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SharedSparkSession
class ImageClassifierTransformerTest {

  private static final ModelSpec MLP = new ModelSpec("mlp", 1, 28, 28, 4);
  private static final int IMAGES = 37;
  private static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.IntegerType, false)
          .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false), false);

  @TempDir static Path dir;
  private static SparkSession spark;
  private static ModelWeights weights;
  private static float[] images;
  private static Dataset<Row> frame;

  @BeforeAll
  static void setUp() throws Exception {
    weights = WeightInit.heUniform(MLP, 11);
    try (OutputStream out = Files.newOutputStream(dir.resolve("model-fp32.gtm"))) {
      ModelWeightsCodec.write(weights, out);
    }
    try (OutputStream out = Files.newOutputStream(dir.resolve("model-int8.gtm"))) {
      QuantizedModelCodec.write(Int8Quantizer.quantizePerChannel(weights), out);
    }
    Files.write(dir.resolve("foreign.gtm"), Files.readAllBytes(dir.resolve("model-fp32.gtm")));
    writeManifest(dir, "model-fp32.gtm", "model-int8.gtm");
    SplittableRandom rng = new SplittableRandom(5);
    images = new float[IMAGES * 784];
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < IMAGES; i++) {
      Float[] image = new Float[784];
      for (int p = 0; p < 784; p++) {
        images[i * 784 + p] = (float) rng.nextDouble(-1, 2);
        image[p] = images[i * 784 + p];
      }
      rows.add(RowFactory.create(i, image));
    }
    frame = spark.createDataFrame(rows, SCHEMA).repartition(3);
  }

  @Test
  void predictionsAreThoseOfTheDriverSideClassifierForEveryRow() {
    int[] expected;
    try (BatchClassifier driver = new BatchClassifier(MLP, weights, Device.cpu())) {
      expected = driver.predict(images, IMAGES);
    }

    List<Row> out =
        new ImageClassifierTransformer()
            .setModelUrl(dir.resolve("model-fp32.gtm").toUri().toString())
            .setEngine("PyTorch")
            .setBatchSize(8)
            .setInputCol("pixels")
            .setOutputCol("label")
            .transform(frame)
            .select("id", "label")
            .collectAsList();

    assertThat(out).hasSize(IMAGES);
    int differing = 0;
    for (Row r : out) {
      differing += r.getInt(1) == expected[r.getInt(0)] ? 0 : 1;
    }
    assertThat(differing).isZero();
    assertThat(ModelLoader.cachedModels()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void anInt8FileRunsItsDequantizedWeights() {
    int[] expected;
    ModelWeights dequantized = Int8Quantizer.quantizePerChannel(weights).dequantize();
    try (BatchClassifier driver = new BatchClassifier(MLP, dequantized, Device.cpu())) {
      expected = driver.predict(images, IMAGES);
    }

    List<Row> out =
        new ImageClassifierTransformer()
            .setModelUrl(dir.resolve("model-int8.gtm").toString())
            .transform(frame)
            .select("id", "prediction")
            .collectAsList();

    for (Row r : out) {
      assertThat(r.getInt(1)).as("image %d", r.getInt(0)).isEqualTo(expected[r.getInt(0)]);
    }
  }

  @Test
  void badParametersFailWithTheParameterNamed() {
    String url = dir.resolve("model-fp32.gtm").toString();
    assertThatThrownBy(() -> new ImageClassifierTransformer().transform(frame))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid modelUrl: it is not set");
    assertThatThrownBy(
            () ->
                new ImageClassifierTransformer()
                    .setModelUrl(url)
                    .setEngine("TensorFlow")
                    .transform(frame))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid engine: TensorFlow (this build runs PyTorch)");
    assertThatThrownBy(() -> new ImageClassifierTransformer().setBatchSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid batchSize: 0 (at least 1)");
    assertThatThrownBy(
            () ->
                new ImageClassifierTransformer()
                    .setModelUrl(url)
                    .setInputCol("image")
                    .transform(frame))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid inputCol: image is not a column of" + " struct<id:int,pixels:array<float>>");
    assertThatThrownBy(
            () ->
                new ImageClassifierTransformer()
                    .setModelUrl(url)
                    .setInputCol("id")
                    .transform(frame))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid inputCol: id is int, expected array<float> of normalised pixels");
    assertThatThrownBy(
            () ->
                new ImageClassifierTransformer()
                    .setModelUrl(url)
                    .setOutputCol("id")
                    .transform(frame))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid outputCol: id is already a column of" + " struct<id:int,pixels:array<float>>");
  }

  @Test
  void truncatedAlteredForeignAndUnlistedFilesAreRefusedByName(@TempDir Path other)
      throws Exception {
    byte[] good = Files.readAllBytes(dir.resolve("model-fp32.gtm"));
    Files.write(other.resolve("model-fp32.gtm"), good);
    writeManifest(other, "model-fp32.gtm");
    String url = other.resolve("model-fp32.gtm").toUri().toString();
    String manifest = "file:" + other.resolve("manifest.json");

    Files.write(other.resolve("model-fp32.gtm"), java.util.Arrays.copyOf(good, 100));
    assertThatThrownBy(() -> new ModelLoader(url, "PyTorch").load())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load model "
                + url
                + ": it has 100 bytes, its manifest "
                + manifest
                + " says "
                + good.length
                + " (truncated or replaced)");

    byte[] altered = good.clone();
    altered[50] ^= 1;
    Files.write(other.resolve("model-fp32.gtm"), altered);
    assertThatThrownBy(() -> new ModelLoader(url, "PyTorch").load())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot load model " + url + ": SHA-256 ")
        .hasMessageEndingWith(" in its manifest " + manifest + " (altered)");

    String foreign = dir.resolve("foreign.gtm").toString();
    assertThatThrownBy(() -> new ModelLoader(foreign, "PyTorch").load())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("does not list foreign.gtm (a foreign file?)");

    // A file the manifest lists with the right hash but that is no model file at all.
    Files.write(other.resolve("notes.gtm"), "hello".getBytes());
    writeManifest(other, "notes.gtm");
    String notes = other.resolve("notes.gtm").toUri().toString();
    assertThatThrownBy(() -> new ModelLoader(notes, "PyTorch").load())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot read " + notes + ": not a GreenTrain model file");

    Files.delete(other.resolve("manifest.json"));
    assertThatThrownBy(() -> new ModelLoader(url, "PyTorch").load())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load model "
                + url
                + ": no manifest.json beside it ("
                + manifest
                + ") to verify it against");
  }

  private static void writeManifest(Path directory, String... names) throws Exception {
    List<Map<String, Object>> files = new ArrayList<>();
    for (String name : names) {
      byte[] bytes = Files.readAllBytes(directory.resolve(name));
      files.add(Map.of("name", name, "bytes", bytes.length, "sha256", Sha256.hex(bytes)));
    }
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("model", Map.of("architecture", "mlp", "rows", 28, "cols", 28, "classes", 4));
    manifest.put("files", files);
    new ObjectMapper().writeValue(directory.resolve("manifest.json").toFile(), manifest);
  }
}
