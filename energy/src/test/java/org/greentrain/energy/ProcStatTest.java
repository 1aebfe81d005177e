package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatTest {

  @TempDir Path dir;

  private Path stat(String firstLine) throws IOException {
    Path file = dir.resolve("stat");
    Files.writeString(file, firstLine + "\ncpu0 1 2 3 4 5 6 7 8 9 10\nintr 12345\nctxt 678\n");
    return file;
  }

  @Test
  void countsUserNiceSystemIrqSoftirqAsBusy() throws IOException {
    // user nice system idle iowait irq softirq steal guest guest_nice
    Path file = stat("cpu  1000 200 300 5000 400 50 60 70 800 90");

    ProcStat.Times times = new ProcStat(file, 100).read();

    // (1000 + 200 + 300 + 50 + 60) / 100; guest (inside user) and steal are not ours.
    assertThat(times.busySeconds()).isCloseTo(16.1, within(1e-9));
    assertThat(times.stealSeconds()).isCloseTo(0.7, within(1e-9));
    // busy + idle 5000 + iowait 400 + steal 70 = 7080 ticks.
    assertThat(times.totalSeconds()).isCloseTo(70.8, within(1e-9));
  }

  @Test
  void usesTheGivenTickRate() throws IOException {
    Path file = stat("cpu  1000 0 0 1000 0 0 0 0 0 0");

    assertThat(new ProcStat(file, 250).read().busySeconds()).isCloseTo(4.0, within(1e-9));
  }

  @Test
  void oldKernelsWithFourFieldsStillParse() throws IOException {
    Path file = stat("cpu 100 0 100 800");

    ProcStat.Times times = new ProcStat(file, 100).read();

    assertThat(times.busySeconds()).isCloseTo(2.0, within(1e-9));
    assertThat(times.totalSeconds()).isCloseTo(10.0, within(1e-9));
  }

  @Test
  void readsTheRealFileOnLinux() {
    ProcStat.Times times = new ProcStat().read();

    assertThat(times.busySeconds()).isPositive().isLessThanOrEqualTo(times.totalSeconds());
  }

  @Test
  void rejectsAFileWithoutTheAggregateLine() throws IOException {
    Path file = stat("intr 1 2 3");

    assertThatThrownBy(() -> new ProcStat(file, 100).read())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read CPU time from "
                + file
                + ": first line is not 'cpu user nice system idle ...': intr 1 2 3");
  }

  @Test
  void rejectsAFieldThatIsNotATickCount() throws IOException {
    Path file = stat("cpu  10 20 x 40");

    assertThatThrownBy(() -> new ProcStat(file, 100).read())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read CPU time from " + file + ": field 4 is not a tick count: cpu  10 20 x 40");
  }

  @Test
  void missingFileIsAnIoError() {
    Path missing = dir.resolve("missing");

    assertThatThrownBy(() -> new ProcStat(missing, 100).read())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("Failed to read " + missing);
  }

  @Test
  void rejectsANonPositiveTickRate() {
    assertThatThrownBy(() -> new ProcStat(dir, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid ticksPerSecond, must be > 0: 0");
  }
}
