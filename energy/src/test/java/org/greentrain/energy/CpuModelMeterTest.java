package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuModelMeterTest {

  // 100 W package, 10 threads, 20 % idle: 8 W per busy thread, 20 W idle; 0.5 W per GB.
  private static final PowerProfile PROFILE = new PowerProfile("test", 100, 10, 0.2, 0.5, "hand");

  @TempDir Path dir;

  private Path stat;
  private long nanos = 7_000_000_000L;

  @BeforeEach
  void setUp() throws IOException {
    stat = dir.resolve("stat");
    busyTicks(1_000);
  }

  private void busyTicks(long userTicks) throws IOException {
    Files.writeString(stat, "cpu  " + userTicks + " 0 0 99999 0 0 0 0 0 0\n");
  }

  private CpuModelMeter meter(int logicalCpus, double memoryGb) {
    return new CpuModelMeter(PROFILE, new ProcStat(stat, 100), logicalCpus, memoryGb, () -> nanos);
  }

  @Test
  void chargesBusyTimeIdleShareOfTheVisibleThreadsAndMemory() throws IOException {
    CpuModelMeter meter = meter(2, 4);
    MeterReading start = meter.read();

    busyTicks(1_000 + 1_500);
    nanos += 10_000_000_000L;
    MeterReading later = meter.read();

    // 15 busy s x 8 W + 10 s x 20 W x 2/10 = 120 + 40 = 160 J; memory 10 s x 0.5 W/GB x 4 GB.
    assertThat(later.joulesSince(start).get("cpu")).isCloseTo(160.0, within(1e-9));
    assertThat(later.joulesSince(start).get("dram")).isCloseTo(20.0, within(1e-9));
    assertThat(meter.method()).isEqualTo("cpu-time-model");
    assertThat(meter.isEstimated()).isTrue();
  }

  @Test
  void capsTheIdleShareAtTheWholePackage() {
    CpuModelMeter meter = meter(64, 0);

    nanos += 10_000_000_000L;

    // Idle only: 10 s x 20 W x min(64, 10)/10 = 200 J.
    assertThat(meter.read().joulesByComponent().get("cpu")).isCloseTo(200.0, within(1e-9));
  }

  @Test
  void startsAtZeroWhenCreated() {
    assertThat(meter(2, 4).read().joulesByComponent().values()).containsOnly(0.0);
  }

  @Test
  void readsMemTotalInGibibytes() throws IOException {
    Path meminfo = dir.resolve("meminfo");
    Files.writeString(meminfo, "MemTotal:       16777216 kB\nMemFree:         1000 kB\n");

    assertThat(CpuModelMeter.memTotalGb(meminfo, SysfsReader.FILES)).isEqualTo(16.0);
  }

  @Test
  void rejectsMeminfoWithoutMemTotal() throws IOException {
    Path meminfo = dir.resolve("meminfo");
    Files.writeString(meminfo, "MemFree:         1000 kB\n");

    assertThatThrownBy(() -> CpuModelMeter.memTotalGb(meminfo, SysfsReader.FILES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read memory size from " + meminfo + ": no MemTotal line");
  }

  @Test
  void rejectsMemTotalInAnotherUnit() throws IOException {
    Path meminfo = dir.resolve("meminfo");
    Files.writeString(meminfo, "MemTotal:       16 GB\n");

    assertThatThrownBy(() -> CpuModelMeter.memTotalGb(meminfo, SysfsReader.FILES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read memory size from "
                + meminfo
                + ": expected 'MemTotal: <n> kB': MemTotal:       16 GB");
  }

  @Test
  void rejectsNoLogicalCpus() {
    assertThatThrownBy(() -> meter(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid logicalCpus, must be >= 1: 0");
  }

  @Test
  void createsAMeterForThisLinuxNode() {
    CpuModelMeter meter = CpuModelMeter.create(PROFILE);

    assertThat(meter.read().joulesByComponent()).containsOnlyKeys("cpu", "dram");
  }
}
