package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code augment.crop-size}, torchvision's {@code RandomResizedCrop(size)}: 28x28 images reach the
 * model as 20x20 in every stage; the augmented rows hold 400 pixels, the manifest states the size,
 * and the test images are resized to it for evaluation.
 */
class CropSizeRunTest {

  @Test
  @Timeout(300)
  void theModelSeesTheCropSizeInEveryStage(@TempDir Path warehouse) throws Exception {
    Cli run =
        Cli.run(
            PipelineEndToEndTest.args(
                warehouse,
                "run",
                "crop",
                "--conf",
                "augment.crop-size=20",
                "--conf",
                "augment.ops=[crop, flip]",
                "--conf",
                "compress.variants=[int8]"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("int8: accuracy [4-9][0-9]\\.[0-9]{2}%");
    JsonNode manifest =
        new ObjectMapper().readTree(warehouse.resolve("runs/crop/model/manifest.json").toFile());
    assertThat(manifest.path("model").path("rows").asInt()).isEqualTo(20);
    assertThat(manifest.path("model").path("cols").asInt()).isEqualTo(20);
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT min(octet_length(pixels)), max(octet_length(pixels)), count(*) FROM"
                    + " read_parquet('"
                    + warehouse
                    + "/runs/crop/augmented/**/*.parquet')")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(400);
      assertThat(rs.getLong(2)).isEqualTo(400);
      assertThat(rs.getLong(3)).isEqualTo(12_000);
    }
  }
}
