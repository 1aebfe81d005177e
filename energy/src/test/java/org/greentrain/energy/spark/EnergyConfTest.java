package org.greentrain.energy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class EnergyConfTest {

  /** An empty conf: no spark.* system properties leak in from the test JVM. */
  private static SparkConf empty() {
    return new SparkConf(false);
  }

  @Test
  void everyDefaultByName() {
    EnergyConf conf = EnergyConf.from(empty());

    assertThat(conf.output()).isEmpty();
    assertThat(conf.sampleIntervalMs()).isEqualTo(1000);
    assertThat(conf.powercapRoot()).isEqualTo("/sys/class/powercap");
    assertThat(conf.procStat()).isEqualTo("/proc/stat");
    assertThat(conf.region()).isEqualTo("world");
    assertThat(conf.pue()).isEqualTo(1.0);
    assertThat(conf.cpuModel()).isEmpty();
    assertThat(conf.powerProfilesFile()).isEmpty();
    assertThat(conf.carbonIntensityFile()).isEmpty();
    assertThat(conf.writeStageTable()).isTrue();
    assertThat(conf.runId()).isEmpty();
    assertThat(conf.runDate()).isEmpty();
  }

  @Test
  void theKeysAreTheDocumentedNames() {
    assertThat(
            List.of(
                EnergyConf.OUTPUT,
                EnergyConf.SAMPLE_INTERVAL_MS,
                EnergyConf.POWERCAP_ROOT,
                EnergyConf.PROC_STAT,
                EnergyConf.REGION,
                EnergyConf.PUE,
                EnergyConf.CPU_MODEL,
                EnergyConf.POWER_PROFILES_FILE,
                EnergyConf.CARBON_INTENSITY_FILE,
                EnergyConf.STAGE_TABLE,
                EnergyConf.RUN_ID,
                EnergyConf.RUN_DATE,
                EnergyConf.WUE,
                EnergyConf.SERVER_MODEL,
                EnergyConf.EMBODIED_EMISSIONS_FILE,
                EnergyConf.WATER_INTENSITY_FILE))
        .containsExactlyInAnyOrderElementsOf(keys())
        .containsExactly(
            "greentrain.energy.output",
            "greentrain.energy.sample-interval-ms",
            "greentrain.energy.powercap-root",
            "greentrain.energy.proc-stat",
            "greentrain.energy.region",
            "greentrain.energy.pue",
            "greentrain.energy.cpu-model",
            "greentrain.energy.power-profiles-file",
            "greentrain.energy.carbon-intensity-file",
            "greentrain.energy.stage-table",
            "greentrain.energy.run-id",
            "greentrain.energy.run-date",
            "greentrain.energy.wue",
            "greentrain.energy.server-model",
            "greentrain.energy.embodied-emissions-file",
            "greentrain.energy.water-intensity-file");
    assertThat(EnergyConf.sparkKey(EnergyConf.PUE)).isEqualTo("spark.greentrain.energy.pue");
  }

  @Test
  void everySettingIsReadInBothFormsAndTheSparkFormWins() {
    SparkConf conf =
        empty()
            .set("greentrain.energy.output", "/data/energy")
            .set("spark.greentrain.energy.sample-interval-ms", "250")
            .set("greentrain.energy.sample-interval-ms", "5000")
            .set("greentrain.energy.powercap-root", "/fake/powercap")
            .set("spark.greentrain.energy.proc-stat", "/fake/stat")
            .set("greentrain.energy.region", " fr ")
            .set("spark.greentrain.energy.pue", "1.4")
            .set("greentrain.energy.cpu-model", "Xeon")
            .set("greentrain.energy.power-profiles-file", "/p.csv")
            .set("greentrain.energy.carbon-intensity-file", "/c.csv")
            .set("greentrain.energy.stage-table", "false")
            .set("greentrain.energy.run-id", "r1")
            .set("greentrain.energy.run-date", "2026-01-02")
            .set("greentrain.energy.wue", "0.2")
            .set("greentrain.energy.server-model", "Dell Inc. PowerEdge R640")
            .set("greentrain.energy.embodied-emissions-file", "/e.csv")
            .set("greentrain.energy.water-intensity-file", "/w.csv");

    assertThat(EnergyConf.from(conf))
        .isEqualTo(
            new EnergyConf(
                "/data/energy",
                250,
                "/fake/powercap",
                "/fake/stat",
                "fr",
                1.4,
                "Xeon",
                "/p.csv",
                "/c.csv",
                false,
                "r1",
                "2026-01-02",
                0.2,
                "Dell Inc. PowerEdge R640",
                "/e.csv",
                "/w.csv"));
    assertThat(EnergyConf.from(Map.of("spark.greentrain.energy.pue", "2.0")).pue()).isEqualTo(2.0);
  }

  @Test
  void aPueOutsideTheHoconBoundsIsRejectedWithItsKey() {
    assertThatThrownBy(() -> EnergyConf.from(empty().set("spark.greentrain.energy.pue", "0.5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid greentrain.energy.pue: 0.5 (between 1.0 and 3.0)");
    assertThatThrownBy(() -> EnergyConf.from(Map.of("greentrain.energy.pue", "3.5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid greentrain.energy.pue: 3.5 (between 1.0 and 3.0)");
    assertThatThrownBy(() -> EnergyConf.from(Map.of("greentrain.energy.pue", "NaN")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid greentrain.energy.pue: NaN (between 1.0 and 3.0)");
    assertThat(EnergyConf.from(Map.of("greentrain.energy.pue", "3.0")).pue()).isEqualTo(3.0);
  }

  @Test
  void aWueOutsideItsBoundsIsRejectedWithItsKey() {
    assertThatThrownBy(() -> EnergyConf.from(Map.of("greentrain.energy.wue", "-0.1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid greentrain.energy.wue: -0.1 (between 0.0 and 10.0)");
    assertThat(EnergyConf.from(Map.of()).wue()).isEqualTo(1.8);
    assertThat(EnergyConf.from(Map.of("spark.greentrain.energy.wue", "0")).wue()).isZero();
  }

  @Test
  void aRunIdThatIsNotAPathSegmentIsRejectedWithItsKey() {
    assertThatThrownBy(
            () -> EnergyConf.from(empty().set("spark.greentrain.energy.run-id", "../other")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid greentrain.energy.run-id: '../other' (letters, digits, '.', '_' and '-' only;"
                + " not '.' or '..'; 1 to 128 characters)");
    assertThat(EnergyConf.from(Map.of("greentrain.energy.run-id", "nightly-1")).runId())
        .isEqualTo("nightly-1");
  }

  @Test
  void aSampleIntervalOutsideItsBoundsIsRejectedWithItsKey() {
    assertThatThrownBy(() -> EnergyConf.from(Map.of("greentrain.energy.sample-interval-ms", "99")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid greentrain.energy.sample-interval-ms: 99 (between 100 and 60000)");
    assertThatThrownBy(
            () ->
                EnergyConf.from(empty().set("spark.greentrain.energy.sample-interval-ms", "60001")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid greentrain.energy.sample-interval-ms: 60001 (between 100 and 60000)");
    assertThat(
            EnergyConf.from(Map.of("greentrain.energy.sample-interval-ms", "100"))
                .sampleIntervalMs())
        .isEqualTo(100);
  }

  @Test
  void aValueThatIsNotANumberIsRejectedWithItsKey() {
    assertThatThrownBy(() -> EnergyConf.from(Map.of("greentrain.energy.pue", "high")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid greentrain.energy.pue: high (not a number)");
    assertThatThrownBy(() -> EnergyConf.from(Map.of("greentrain.energy.sample-interval-ms", "1s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid greentrain.energy.sample-interval-ms: 1s (not a whole number)");
  }

  @Test
  void theReadmeListsEverySettingWithItsDefault() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    String section =
        readme.substring(
            readme.indexOf("## Energy accounting for any Spark job"),
            readme.indexOf("## What a run writes"));

    assertThat(section)
        .contains(
            "`output`",
            "`sample-interval-ms` (" + EnergyConf.SAMPLE_INTERVAL_MS_DEFAULT,
            "`powercap-root` (" + EnergyConf.POWERCAP_ROOT_DEFAULT,
            "`proc-stat` (" + EnergyConf.PROC_STAT_DEFAULT,
            "`region` (" + EnergyConf.REGION_DEFAULT,
            "`pue` (" + EnergyConf.PUE_DEFAULT,
            "`cpu-model`",
            "`power-profiles-file`",
            "`carbon-intensity-file`",
            "`wue` (" + EnergyConf.WUE_DEFAULT,
            "`server-model`",
            "`embodied-emissions-file`",
            "`water-intensity-file`",
            "`run-id`",
            "`run-date`",
            "`stage-table` (" + EnergyConf.STAGE_TABLE_DEFAULT);
    for (String key : keys()) {
      assertThat(section).contains("`" + key.substring(EnergyConf.PREFIX.length()) + "`");
    }
  }

  /** Every key constant of {@link EnergyConf}. */
  private static List<String> keys() {
    List<String> keys = new ArrayList<>();
    for (Field f : EnergyConf.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers())
          && f.getType() == String.class
          && !f.getName().endsWith("_DEFAULT")
          && !f.getName().endsWith("PREFIX")) {
        try {
          keys.add((String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    return keys;
  }
}
