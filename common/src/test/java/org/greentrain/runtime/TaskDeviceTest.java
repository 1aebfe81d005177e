package org.greentrain.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class TaskDeviceTest {

  @Test
  void gpusAreRequestedByAPositiveTaskGpuAmountOnly() {
    SparkConf conf = new SparkConf(false);
    assertThat(TaskDevice.gpusRequested(conf)).isFalse();
    assertThat(TaskDevice.gpusRequested(conf.set("spark.task.resource.gpu.amount", "0"))).isFalse();
    assertThat(TaskDevice.gpusRequested(conf.set("spark.task.resource.gpu.amount", "0.5")))
        .isTrue();
    assertThat(TaskDevice.gpusRequested(conf.set("spark.task.resource.gpu.amount", "one")))
        .isFalse();
  }

  @Test
  void theFirstAssignedGpuIsUsed() {
    assertThat(TaskDevice.choose(Map.of("gpu", new String[] {"3", "5"}))).isEqualTo(Device.gpu(3));
  }

  @Test
  void withoutAGpuTheCpuIsUsed() {
    assertThat(TaskDevice.choose(Map.of())).isEqualTo(Device.cpu());
    assertThat(TaskDevice.choose(Map.of("gpu", new String[0]))).isEqualTo(Device.cpu());
    assertThat(TaskDevice.current()).as("outside a Spark task").isEqualTo(Device.cpu());
  }

  @Test
  void anAddressThatIsNotAnIndexIsReported() {
    assertThatThrownBy(() -> TaskDevice.choose(Map.of("gpu", new String[] {"GPU-1a2b"})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid GPU address from Spark: GPU-1a2b");
  }

  @Test
  void aGpuTheEngineCannotSeeFallsBackToTheCpu() {
    assertThat(TaskDevice.usable(Device.gpu(1), 0)).as("CPU natives").isEqualTo(Device.cpu());
    assertThat(TaskDevice.usable(Device.gpu(1), 1)).as("one GPU visible").isEqualTo(Device.cpu());
    assertThat(TaskDevice.usable(Device.gpu(1), 2)).isEqualTo(Device.gpu(1));
    assertThat(TaskDevice.usable(Device.cpu(), 0)).isEqualTo(Device.cpu());
  }
}
