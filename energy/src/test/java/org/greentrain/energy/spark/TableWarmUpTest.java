package org.greentrain.energy.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.greentrain.energy.CarbonIntensity;
import org.greentrain.energy.ImpactFactors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's warm-up runs the whole Parquet path in memory and leaves the output untouched. */
class TableWarmUpTest {

  private static final CarbonIntensity CARBON = new CarbonIntensity("world", 481, 2023, "test");
  private static final ImpactFactors IMPACT =
      new ImpactFactors(36, "test server", false, 1.8, 7.6, "test water");

  @Test
  void writesAWholeParquetFileToMemoryAndNothingToTheOutput(@TempDir Path dir) throws Exception {
    Path output = dir.resolve("energy");
    EnergyTableWriter writer = new EnergyTableWriter(new Configuration(), output.toString());

    byte[] file = writer.warmUp(CARBON, IMPACT).bytes();

    // A Parquet file begins and ends with the magic "PAR1"; between them, a row group and footer.
    assertThat(file.length).isGreaterThan(100);
    assertThat(new String(Arrays.copyOfRange(file, 0, 4), StandardCharsets.US_ASCII))
        .isEqualTo("PAR1");
    assertThat(
            new String(
                Arrays.copyOfRange(file, file.length - 4, file.length), StandardCharsets.US_ASCII))
        .isEqualTo("PAR1");
    assertThat(output).doesNotExist();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }
}
