package org.greentrain.energy.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.greentrain.energy.CarbonIntensity;
import org.greentrain.energy.EnergyRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's writes to a local output load no Parquet class and no Hadoop local file system
 * (issue 17: at {@code spark.stop()} parquet-hadoop loaded some 1,700 classes and Hadoop's local
 * file system forked {@code chmod} at every file). A JVM of its own, so no other test's classes
 * count, logs every class it loads while it spools rows and then writes as {@code
 * EnergyDriverPlugin.write} does at stop.
 */
class FinalWriteClassLoadingTest {

  @Test
  @Timeout(120)
  void theWritesToAFileOutputLoadNoParquetAndNoHadoopLocalFileSystemClass(@TempDir Path dir)
      throws Exception {
    Path classes = dir.resolve("classes.log");
    Path output = dir.resolve("out");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off",
                "-Xlog:class+load=info:file=" + classes,
                "-cp",
                System.getProperty("java.class.path"),
                Writes.class.getName(),
                "file:" + output)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.out").toFile())
            .start();
    assertThat(child.waitFor(100, TimeUnit.SECONDS)).as("child finished").isTrue();
    assertThat(child.exitValue()).as(Files.readString(dir.resolve("child.out"))).isZero();

    List<String> loaded = Files.readAllLines(classes);
    // It did write, with our writer, through Hadoop's Configuration as the plugin gets it.
    assertThat(output.resolve("task_energy/run_date=2026-12-06/run_id=r1/stage=count"))
        .isDirectory();
    // (Configuration's own linking loads the FileSystem and LocalFileSystem classes, not
    // initialised, in every Spark driver; RawLocalFileSystem is what a local write brings.)
    assertThat(loaded)
        .anyMatch(l -> l.contains(" org.greentrain.energy.table.ParquetFileWriter "))
        .anyMatch(l -> l.contains(" org.apache.hadoop.conf.Configuration "));
    assertThat(
            loaded.stream()
                .filter(
                    l ->
                        l.contains(" org.apache.parquet.")
                            || l.contains(" org.apache.hadoop.fs.RawLocalFileSystem "))
                .toList())
        .isEmpty();
  }

  /** The child: spools rows, then writes, adopts and clears as the driver plugin does at stop. */
  static final class Writes {

    public static void main(String[] args) {
      CarbonIntensity carbon = DriverRows.CARBON;
      EnergyRow row = DriverRows.task("count", 0, 20);
      EnergyTableWriter writer = new EnergyTableWriter(new Configuration(), args[0]);
      writer.writeInflight("r1", "app-1", 0, List.of(row), carbon.source());
      writer.write(
          "2026-12-06",
          "r1",
          "app-1",
          List.of(row),
          true,
          carbon,
          new EnergyTableWriter.Completeness(0, ""),
          true);
      writer.adoptOrphans("2026-12-06", "r1", "app-1", System.currentTimeMillis(), 120_000);
      writer.clearInflight("r1", "app-1");
      System.out.println("wrote to " + args[0] + File.separator);
    }
  }
}
