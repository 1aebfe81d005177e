package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaplMeterTest {

  private static final long RANGE = 262_143_328_850L;

  @TempDir Path root;

  private FakePowercap powercap;
  private final List<String> warnings = new ArrayList<>();
  private long nanos = 1_000;

  @BeforeEach
  void setUp() {
    powercap = new FakePowercap(root);
  }

  private RaplMeter open() {
    return RaplMeter.open(root, warnings::add, SysfsReader.FILES, () -> nanos).orElseThrow();
  }

  @Test
  void sumsPackagesIntoCpuAndKeepsDramApart() {
    powercap
        .zone("intel-rapl:0", "package-0", 5_000_000, RANGE)
        .zone("intel-rapl:0:0", "core", 4_000_000, RANGE)
        .zone("intel-rapl:0:1", "uncore", 100_000, RANGE)
        .zone("intel-rapl:0:2", "dram", 900_000, RANGE)
        .zone("intel-rapl:1", "package-1", 7_000_000, RANGE)
        .zone("intel-rapl:1:0", "dram", 800_000, RANGE)
        .zone("intel-rapl:2", "psys", 20_000_000, RANGE);
    RaplMeter meter = open();
    MeterReading first = meter.read();

    powercap
        .add("intel-rapl:0", 1_000_000)
        .add("intel-rapl:1", 2_500_000)
        .add("intel-rapl:0:0", 700_000)
        .add("intel-rapl:0:1", 50_000)
        .add("intel-rapl:0:2", 300_000)
        .add("intel-rapl:1:0", 200_000)
        .add("intel-rapl:2", 9_000_000);
    nanos += 1_000_000_000;
    MeterReading second = meter.read();

    assertThat(first.joulesByComponent()).containsOnlyKeys("cpu", "dram");
    assertThat(first.joulesByComponent().get("cpu")).isZero();
    // Packages 1.0 J + 2.5 J; the two dram zones 0.3 J + 0.2 J; core, uncore and psys ignored.
    assertThat(second.joulesSince(first).get("cpu")).isCloseTo(3.5, within(1e-9));
    assertThat(second.joulesSince(first).get("dram")).isCloseTo(0.5, within(1e-9));
    assertThat(second.secondsSince(first)).isEqualTo(1.0);
    assertThat(meter.energyFiles())
        .containsExactly(
            powercap.energyFile("intel-rapl:0"), powercap.energyFile("intel-rapl:0:2"),
            powercap.energyFile("intel-rapl:1"), powercap.energyFile("intel-rapl:1:0"));
    assertThat(meter.method()).isEqualTo("rapl");
    assertThat(meter.isEstimated()).isFalse();
    assertThat(warnings).isEmpty();
  }

  @Test
  void countsAcrossAWrapUpToTheZonesRange() {
    long max = 1_000_000_000;
    powercap.zone("intel-rapl:0", "package-0", 999_000_000, max);
    RaplMeter meter = open();

    powercap.energy("intel-rapl:0", 999_500_000);
    MeterReading beforeWrap = meter.read();
    powercap.energy("intel-rapl:0", 300_000);
    MeterReading afterWrap = meter.read();

    assertThat(beforeWrap.joulesByComponent().get("cpu")).isCloseTo(0.5, within(1e-9));
    // To the top of the range: 1e9 - 999.5e6 = 0.5e6 uJ; from 0 again: 0.3e6 uJ. 0.8 J in all.
    assertThat(afterWrap.joulesSince(beforeWrap).get("cpu")).isCloseTo(0.8, within(1e-9));
    assertThat(afterWrap.joulesByComponent().get("cpu")).isCloseTo(1.3, within(1e-9));
  }

  @Test
  void skipsAnMmioZoneThatDuplicatesAPackage() {
    powercap
        .zone("intel-rapl:0", "package-0", 0, RANGE)
        .zone("intel-rapl-mmio:0", "package-0", 0, RANGE);
    RaplMeter meter = open();

    powercap.add("intel-rapl:0", 2_000_000).add("intel-rapl-mmio:0", 2_000_000);

    assertThat(meter.read().joulesByComponent().get("cpu")).isCloseTo(2.0, within(1e-9));
    assertThat(meter.energyFiles()).containsExactly(powercap.energyFile("intel-rapl:0"));
  }

  @Test
  void readsAPackageOnlyExposedThroughMmio() {
    powercap.zone("intel-rapl-mmio:0", "package-0", 0, RANGE);
    RaplMeter meter = open();

    powercap.add("intel-rapl-mmio:0", 1_500_000);

    assertThat(meter.read().joulesByComponent().get("cpu")).isCloseTo(1.5, within(1e-9));
  }

  @Test
  void emptyRootMeansNoRaplAndNoWarning() {
    assertThat(RaplMeter.open(root, warnings::add)).isEmpty();
    assertThat(RaplMeter.open(root.resolve("missing"), warnings::add)).isEmpty();
    assertThat(warnings).isEmpty();
  }

  @Test
  void deniedCounterWarnsOnceWithTheRemedyAndGivesUp() {
    powercap
        .zone("intel-rapl:0", "package-0", 0, RANGE)
        .zone("intel-rapl:1", "package-1", 0, RANGE);
    // Tests run as root, which ignores file modes; since Linux 5.10 non-root readers get EACCES.
    SysfsReader denyingCounters =
        path -> {
          if (path.getFileName().toString().equals("energy_uj")) {
            throw new AccessDeniedException(path.toString());
          }
          return SysfsReader.FILES.read(path);
        };

    assertThat(RaplMeter.open(root, warnings::add, denyingCounters, () -> 0)).isEmpty();

    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0))
        .startsWith(
            "Cannot meter CPU energy with RAPL: permission denied reading "
                + powercap.energyFile("intel-rapl:0"))
        .contains("CVE-2020-8694")
        .contains("sudo chmod a+r " + root + "/intel-rapl:*/energy_uj")
        .contains("udev rule")
        .contains("run the executor as root");
  }

  @Test
  void counterThatIsNotAFileWarnsAndGivesUp() throws IOException {
    powercap.zone("intel-rapl:0", "package-0", 0, RANGE);
    Files.delete(powercap.energyFile("intel-rapl:0"));
    Files.createDirectory(powercap.energyFile("intel-rapl:0"));

    assertThat(RaplMeter.open(root, warnings::add)).isEmpty();

    assertThat(warnings)
        .containsExactly(
            "Cannot meter CPU energy with RAPL: Failed to read "
                + powercap.energyFile("intel-rapl:0")
                + ": Is a directory. Falling back to the CPU-time"
                + " model");
  }

  @Test
  void garbledCounterWarnsNamingTheFile() {
    powercap.zone("intel-rapl:0", "package-0", 0, RANGE);
    SysfsReader garbled =
        path ->
            path.getFileName().toString().equals("energy_uj")
                ? "12x4\n"
                : SysfsReader.FILES.read(path);

    assertThat(RaplMeter.open(root, warnings::add, garbled, () -> 0)).isEmpty();

    assertThat(warnings)
        .containsExactly(
            "Cannot meter CPU energy with RAPL: Invalid microjoules in "
                + powercap.energyFile("intel-rapl:0")
                + ": 12x4. Falling back to the CPU-time model");
  }

  @Test
  void onlyPlatformZoneWarnsThatNothingCanBeMetered() {
    powercap.zone("intel-rapl:1", "psys", 0, RANGE);

    assertThat(RaplMeter.open(root, warnings::add)).isEmpty();

    assertThat(warnings)
        .containsExactly(
            "Cannot meter CPU energy with RAPL: no package or dram zone among 1 zones under "
                + root);
  }

  @Test
  void counterLostAfterOpeningFailsTheRead() throws IOException {
    powercap.zone("intel-rapl:0", "package-0", 0, RANGE);
    RaplMeter meter = open();
    Files.delete(powercap.energyFile("intel-rapl:0"));

    assertThatThrownBy(meter::read)
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("Failed to read " + powercap.energyFile("intel-rapl:0"));
  }
}
