package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostIdentityTest {

  @Test
  void twoJvmsOfOneHostAgreeWhateverAddressSparkGaveThem(@TempDir Path dir) throws Exception {
    Path machineId = Files.writeString(dir.resolve("machine-id"), "4f0c9e1b2a7d4c21\n");
    Path bootId = Files.writeString(dir.resolve("boot_id"), "b-1\n");

    // The driver knows itself as localhost, its executors as 127.0.0.1: same machine.
    HostIdentity driver = HostIdentity.detect(machineId, bootId, () -> "localhost");
    HostIdentity executor = HostIdentity.detect(machineId, bootId, () -> "127.0.0.1");

    assertThat(driver.id()).isEqualTo("machine-id:4f0c9e1b2a7d4c21").isEqualTo(executor.id());
  }

  @Test
  void withoutMachineIdTheBootIdThenTheHostNameNameTheHost(@TempDir Path dir) throws Exception {
    Path none = dir.resolve("absent");
    Path bootId = Files.writeString(dir.resolve("boot_id"), "6e1f-aa\n");

    assertThat(HostIdentity.detect(none, bootId, () -> "n1").id()).isEqualTo("boot-id:6e1f-aa");
    assertThat(HostIdentity.detect(none, none, () -> "n1.example.org"))
        .isEqualTo(new HostIdentity("host:n1.example.org", "n1.example.org"));
  }

  @Test
  void anEmptyNameIsRejected() {
    assertThatThrownBy(() -> new HostIdentity("host:", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid host identity: id 'host:', name ");
  }

  @Test
  void thisMachineHasAnIdentity() {
    assertThat(HostIdentity.local().id()).isNotBlank();
  }
}
