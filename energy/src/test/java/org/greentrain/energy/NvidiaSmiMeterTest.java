package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NvidiaSmiMeterTest {

  private final List<String> warnings = new ArrayList<>();
  private long nanos = 5_000_000_000L;

  private NvidiaSmiMeter open(FakeCommandRunner runner) {
    return NvidiaSmiMeter.open(runner, warnings::add, () -> nanos).orElseThrow();
  }

  @Test
  void readsEnergyCountersInMillijoulesAsJoules() {
    FakeCommandRunner runner =
        new FakeCommandRunner()
            .prints("0, 1000000, 60.00", "1, 2000000, 250.50")
            .prints("0, 1150000, 70.00", "1, 2500250, 240.10");
    NvidiaSmiMeter meter = open(runner);

    nanos += 2_000_000_000L;
    MeterReading reading = meter.read();

    // 150 000 mJ and 500 250 mJ since opening; the power column is not used.
    assertThat(reading.joulesByComponent()).containsOnlyKeys("gpu:0", "gpu:1");
    assertThat(reading.joulesByComponent().get("gpu:0")).isCloseTo(150.0, within(1e-9));
    assertThat(reading.joulesByComponent().get("gpu:1")).isCloseTo(500.25, within(1e-9));
    assertThat(meter.isEstimated()).isFalse();
    assertThat(meter.method()).isEqualTo("nvidia-smi");
    assertThat(runner.commands)
        .containsOnly(
            List.of(
                "nvidia-smi",
                "--query-gpu=index,total_energy_consumption,power.draw",
                "--format=csv,noheader,nounits"));
  }

  @Test
  void integratesPowerWhereTheCounterIsMissing() {
    FakeCommandRunner runner =
        new FakeCommandRunner()
            .prints("0, [N/A], 100.00", "1, 3000, 50.00")
            .prints("0, [N/A], 140.00", "1, 4000, 50.00")
            .prints("0, [Not Supported], 60.00", "1, 5000, 50.00");
    NvidiaSmiMeter meter = open(runner);

    nanos += 2_000_000_000L;
    MeterReading first = meter.read();
    nanos += 500_000_000L;
    MeterReading second = meter.read();

    // Trapezoids: (100 + 140) / 2 W x 2 s = 240 J, then (140 + 60) / 2 W x 0.5 s = 50 J.
    assertThat(first.joulesByComponent().get("gpu:0")).isCloseTo(240.0, within(1e-9));
    assertThat(second.joulesSince(first).get("gpu:0")).isCloseTo(50.0, within(1e-9));
    assertThat(second.joulesByComponent().get("gpu:1")).isCloseTo(2.0, within(1e-9));
    assertThat(meter.isEstimated()).isTrue();
  }

  @Test
  void eachReadSaysWhetherItsEnergyWasIntegratedFromPower() {
    FakeCommandRunner runner =
        new FakeCommandRunner()
            .prints("0, 1000, 100.00")
            .prints("0, [N/A], 100.00")
            .prints("0, 9000, 100.00");
    NvidiaSmiMeter meter = open(runner);
    assertThat(meter.isEstimated()).isFalse();

    // The counter stops answering for one read: that window is integrated, so estimated.
    nanos += 1_000_000_000L;
    meter.read();
    assertThat(meter.isEstimated()).isTrue();

    nanos += 1_000_000_000L;
    meter.read();
    assertThat(meter.isEstimated()).isFalse();
  }

  @Test
  void treatsACounterDropAsADriverReload() {
    FakeCommandRunner runner =
        new FakeCommandRunner()
            .prints("0, 900000, 60")
            .prints("0, 950000, 60")
            .prints("0, 20000, 60");
    NvidiaSmiMeter meter = open(runner);

    MeterReading before = meter.read();
    MeterReading after = meter.read();

    assertThat(before.joulesByComponent().get("gpu:0")).isCloseTo(50.0, within(1e-9));
    assertThat(after.joulesSince(before).get("gpu:0")).isCloseTo(20.0, within(1e-9));
  }

  @Test
  void fallsBackToPowerWhenTheEnergyFieldIsRejected() {
    FakeCommandRunner runner =
        new FakeCommandRunner()
            .fails(
                "Cannot run nvidia-smi: exit status 2: Field \"total_energy_consumption\" is not"
                    + " a valid field to query.")
            .prints("0, 80.00")
            .prints("0, 120.00");
    NvidiaSmiMeter meter = open(runner);

    nanos += 1_000_000_000L;

    assertThat(meter.read().joulesByComponent().get("gpu:0")).isCloseTo(100.0, within(1e-9));
    assertThat(meter.isEstimated()).isTrue();
    assertThat(runner.commands.get(2))
        .containsExactly(
            "nvidia-smi", "--query-gpu=index,power.draw", "--format=csv,noheader,nounits");
    assertThat(warnings).isEmpty();
  }

  @Test
  void missingNvidiaSmiMeansNoGpuAndNoWarning() {
    assertThat(NvidiaSmiMeter.open(new FakeCommandRunner().missing(), warnings::add)).isEmpty();
    assertThat(warnings).isEmpty();
  }

  @Test
  void noGpuListedMeansNoMeter() {
    assertThat(NvidiaSmiMeter.open(new FakeCommandRunner().prints(), warnings::add)).isEmpty();
    assertThat(warnings).isEmpty();
  }

  @Test
  void brokenNvidiaSmiWarnsOnce() {
    String failure =
        "Cannot run nvidia-smi: exit status 9: NVIDIA-SMI has failed because it"
            + " couldn't communicate with the NVIDIA driver";
    FakeCommandRunner runner = new FakeCommandRunner().fails(failure).fails(failure);

    assertThat(NvidiaSmiMeter.open(runner, warnings::add)).isEmpty();

    assertThat(warnings).containsExactly("Cannot meter GPU energy with nvidia-smi: " + failure);
  }

  @Test
  void unparsableLineAtOpeningWarnsNamingTheLine() {
    FakeCommandRunner runner = new FakeCommandRunner().prints("0, 12 kJ, 60.00");

    assertThat(NvidiaSmiMeter.open(runner, warnings::add)).isEmpty();

    assertThat(warnings)
        .containsExactly(
            "Cannot meter GPU energy with nvidia-smi: Invalid"
                + " nvidia-smi line, bad number 12 kJ: 0, 12 kJ, 60.00");
  }

  @Test
  void unparsableLineLaterFailsTheReadNamingTheLine() {
    NvidiaSmiMeter meter = open(new FakeCommandRunner().prints("0, 1000, 60").prints("0, 2000"));

    assertThatThrownBy(meter::read)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid nvidia-smi line, expected index,total_energy_consumption,power.draw:"
                + " 0, 2000");
  }

  @Test
  void gpuWithNeitherEnergyNorPowerIsRejected() {
    NvidiaSmiMeter meter =
        open(new FakeCommandRunner().prints("3, 1000, 60").prints("3, [N/A], [N/A]"));

    assertThatThrownBy(meter::read)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid nvidia-smi line, neither energy nor power for GPU 3: 3, [N/A], [N/A]");
  }

  @Test
  void failureAfterOpeningIsAnIoError() {
    NvidiaSmiMeter meter = open(new FakeCommandRunner().prints("0, 1000, 60").fails("boom"));

    assertThatThrownBy(meter::read)
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage(
            "Failed to read GPU energy with nvidia-smi"
                + " --query-gpu=index,total_energy_consumption,power.draw"
                + " --format=csv,noheader,nounits");
  }
}
