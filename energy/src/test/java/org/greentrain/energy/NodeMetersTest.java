package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeMetersTest {

  private static final PowerProfile PROFILE = new PowerProfile("test", 100, 10, 0.2, 0.5, "hand");

  @TempDir Path dir;

  private Path powercap;
  private Supplier<NodeMeter> cpuModel;
  private final List<String> warnings = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    powercap = Files.createDirectory(dir.resolve("powercap"));
    Path stat = Files.writeString(dir.resolve("stat"), "cpu  10 0 0 90 0 0 0 0 0 0\n");
    cpuModel = () -> new CpuModelMeter(PROFILE, new ProcStat(stat, 100), 2, 1, () -> 0);
  }

  @Test
  void prefersRaplWhereItsCountersAreReadable() {
    new FakePowercap(powercap).zone("intel-rapl:0", "package-0", 0, 1_000_000);

    NodeMeter meter =
        NodeMeters.detect(powercap, new FakeCommandRunner().missing(), warnings::add, cpuModel);

    assertThat(meter.method()).isEqualTo("rapl");
    assertThat(meter.isEstimated()).isFalse();
    assertThat(warnings).isEmpty();
  }

  @Test
  void fallsBackToTheCpuModelWithoutRapl() {
    NodeMeter meter =
        NodeMeters.detect(powercap, new FakeCommandRunner().missing(), warnings::add, cpuModel);

    assertThat(meter.method()).isEqualTo("cpu-time-model");
    assertThat(meter.isEstimated()).isTrue();
    assertThat(meter.read().joulesByComponent()).containsOnlyKeys("cpu", "dram");
    assertThat(warnings).isEmpty();
  }

  @Test
  void addsGpusToRapl() {
    FakePowercap rapl = new FakePowercap(powercap).zone("intel-rapl:0", "package-0", 0, 10_000_000);
    FakeCommandRunner gpus =
        new FakeCommandRunner().prints("0, 1000, 50.0").prints("0, 4000, 50.0");

    NodeMeter meter = NodeMeters.detect(powercap, gpus, warnings::add, cpuModel);
    rapl.add("intel-rapl:0", 2_000_000);
    MeterReading reading = meter.read();

    assertThat(meter.method()).isEqualTo("rapl+nvidia-smi");
    assertThat(meter.isEstimated()).isFalse();
    assertThat(reading.joulesByComponent()).containsOnlyKeys("cpu", "gpu:0");
    assertThat(reading.joulesByComponent().get("cpu")).isCloseTo(2.0, within(1e-9));
    assertThat(reading.joulesByComponent().get("gpu:0")).isCloseTo(3.0, within(1e-9));
  }

  @Test
  void gpusOnTheCpuModelMakeTheWholeEstimated() {
    NodeMeter meter =
        NodeMeters.detect(
            powercap, new FakeCommandRunner().prints("0, 1000, 50.0"), warnings::add, cpuModel);

    assertThat(meter.method()).isEqualTo("cpu-time-model+nvidia-smi");
    assertThat(meter.isEstimated()).isTrue();
  }

  @Test
  void compositeRejectsAComponentReportedTwice() {
    NodeMeter a = fixed("a", Map.of("cpu", 1.0));
    NodeMeter b = fixed("b", Map.of("cpu", 2.0));

    assertThatThrownBy(() -> new NodeMeters.CompositeMeter(List.of(a, b)).read())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot merge meter readings: component cpu reported by more than one of a+b");
  }

  @Test
  void compositeClosesEveryPartEvenIfOneFails() {
    List<String> closed = new ArrayList<>();
    NodeMeter failing =
        new NodeMeter() {
          @Override
          public MeterReading read() {
            return new MeterReading(0, Map.of());
          }

          @Override
          public String method() {
            return "failing";
          }

          @Override
          public boolean isEstimated() {
            return false;
          }

          @Override
          public void close() {
            closed.add("failing");
            throw new IllegalStateException("Cannot close failing: test");
          }
        };
    NodeMeter quiet =
        new NodeMeter() {
          @Override
          public MeterReading read() {
            return new MeterReading(0, Map.of());
          }

          @Override
          public String method() {
            return "quiet";
          }

          @Override
          public boolean isEstimated() {
            return false;
          }

          @Override
          public void close() {
            closed.add("quiet");
          }
        };

    assertThatThrownBy(() -> new NodeMeters.CompositeMeter(List.of(failing, quiet)).close())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot close failing: test");
    assertThat(closed).containsExactly("failing", "quiet");
  }

  private static NodeMeter fixed(String method, Map<String, Double> joules) {
    return new NodeMeter() {
      @Override
      public MeterReading read() {
        return new MeterReading(0, joules);
      }

      @Override
      public String method() {
        return method;
      }

      @Override
      public boolean isEstimated() {
        return false;
      }
    };
  }
}
