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
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.greentrain.compress.Int8Quantizer;
import org.greentrain.compress.QuantizedModelCodec;
import org.greentrain.digest.Sha256;
import org.greentrain.error.UserError;
import org.greentrain.model.BatchNormFolding;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.ModelWeightsCodec;
import org.greentrain.model.TestWeights;
import org.greentrain.testing.SharedSparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A published zoo model carries its architecture in the manifest: it loads and classifies with no
 * training config at all, as the stages write it (Jackson from {@link ModelSpec}).
 */
@SharedSparkSession
class ZooManifestTest {

  private static final ModelSpec RESNET =
      new ModelSpec("resnet", 3, 12, 12, 5, List.of(16, 16, 32), false, 14, 1.0, null);
  private static SparkSession spark;

  @Test
  void aPublishedResnetLoadsAndClassifiesFromItsManifestAlone(@TempDir Path dir) throws Exception {
    ModelWeights weights = publish(dir, RESNET);
    String url = dir.resolve("model-int8.gtm").toUri().toString();

    VerifiedModel loaded = new ModelLoader(url, "PyTorch").load();

    assertThat(loaded.spec()).isEqualTo(RESNET);
    int n = 9;
    float[] images = TestWeights.images(RESNET, n, 3);
    int[] expected;
    try (BatchClassifier driver =
        new BatchClassifier(
            RESNET, Int8Quantizer.quantizePerChannel(weights).dequantize(), Device.cpu())) {
      expected = driver.predict(images, n);
    }
    List<Row> rows = new ArrayList<>();
    int pixels = RESNET.valuesPerImage();
    for (int i = 0; i < n; i++) {
      Float[] image = new Float[pixels];
      for (int p = 0; p < pixels; p++) {
        image[p] = images[i * pixels + p];
      }
      rows.add(RowFactory.create(i, image));
    }
    StructType schema =
        new StructType()
            .add("id", DataTypes.IntegerType, false)
            .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    List<Row> out =
        new ImageClassifierTransformer()
            .setModelUrl(url)
            .setEngine("PyTorch")
            .setBatchSize(4)
            .setInputCol("pixels")
            .setOutputCol("label")
            .transform(spark.createDataFrame(rows, schema))
            .select("id", "label")
            .collectAsList();
    assertThat(out).hasSize(n);
    for (Row r : out) {
      assertThat(r.getInt(1)).as("image " + r.getInt(0)).isEqualTo(expected[r.getInt(0)]);
    }
  }

  @Test
  void aMobilenetsMultiplierAndAClassNetworksFactoryComeBackFromTheManifest(@TempDir Path dir)
      throws Exception {
    ModelSpec mobilenet = new ModelSpec("mobilenet", 1, 10, 10, 3, null, false, 0, 0.5, null);
    publish(dir.resolve("m"), mobilenet);
    assertThat(load(dir.resolve("m")).spec()).isEqualTo(mobilenet);

    Map<String, Object> model = manifestModel(dir.resolve("m"));
    assertThat(model)
        .containsEntry("architecture", "mobilenet")
        .containsEntry("widthMultiplier", 0.5)
        .containsEntry("widths", List.of(32, 64, 128, 128, 256))
        .doesNotContainKey("factoryClass");
  }

  @Test
  void fieldsOfTheWrongTypeAreRefusedNamingTheFileAndField(@TempDir Path dir) throws Exception {
    publish(dir, RESNET);
    Path manifest = dir.resolve("manifest.json");
    String url = dir.resolve("model-fp32.gtm").toUri().toString();

    rewriteModel(manifest, "depth", "14");
    assertThatThrownBy(() -> VerifiedModel.load(url, new Configuration()))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "Cannot load model "
                + url
                + ": "
                + pathOf(manifest)
                + ": model.depth is \"14\", not a"
                + " whole number");

    rewriteModel(manifest, "depth", 14);
    rewriteModel(manifest, "widths", List.of(4, "8", 16));
    assertThatThrownBy(() -> VerifiedModel.load(url, new Configuration()))
        .hasMessageEndingWith("model.widths is [4,\"8\",16], not a list of whole numbers");

    rewriteModel(manifest, "widths", List.of(4, 8, 16));
    rewriteModel(manifest, "depth", 20);
    assertThatThrownBy(() -> VerifiedModel.load(url, new Configuration()))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith(
            "Cannot load model " + url + ": Cannot match weights to the resnet architecture:");
  }

  private static String pathOf(Path manifest) {
    return new org.apache.hadoop.fs.Path(manifest.getParent().toUri().toString(), "manifest.json")
        .toString();
  }

  private static VerifiedModel load(Path dir) {
    return VerifiedModel.load(
        dir.resolve("model-fp32.gtm").toUri().toString(), new Configuration());
  }

  /**
   * The folded weights of {@code spec} in fp32 and int8 files and the manifest as stages write it.
   */
  private static ModelWeights publish(Path dir, ModelSpec spec) throws Exception {
    Files.createDirectories(dir);
    ModelSpec trained = spec.withBatchNorm(true);
    ModelWeights weights = BatchNormFolding.fold(trained, TestWeights.asTrained(trained, 4));
    try (OutputStream out = Files.newOutputStream(dir.resolve("model-fp32.gtm"))) {
      ModelWeightsCodec.write(weights, out);
    }
    try (OutputStream out = Files.newOutputStream(dir.resolve("model-int8.gtm"))) {
      QuantizedModelCodec.write(Int8Quantizer.quantizePerChannel(weights), out);
    }
    List<Map<String, Object>> files = new ArrayList<>();
    for (String name : List.of("model-fp32.gtm", "model-int8.gtm")) {
      byte[] bytes = Files.readAllBytes(dir.resolve(name));
      files.add(Map.of("name", name, "bytes", bytes.length, "sha256", Sha256.hex(bytes)));
    }
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("model", spec);
    manifest.put("files", files);
    new ObjectMapper().writeValue(dir.resolve("manifest.json").toFile(), manifest);
    return weights;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> manifestModel(Path dir) throws Exception {
    Map<String, Object> m =
        new ObjectMapper().readValue(dir.resolve("manifest.json").toFile(), Map.class);
    return (Map<String, Object>) m.get("model");
  }

  @SuppressWarnings("unchecked")
  private static void rewriteModel(Path manifest, String field, Object value) throws Exception {
    ObjectMapper json = new ObjectMapper();
    Map<String, Object> m = json.readValue(manifest.toFile(), Map.class);
    ((Map<String, Object>) m.get("model")).put(field, value);
    json.writeValue(manifest.toFile(), m);
  }
}
