package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardwareTest {

  @Test
  void theServerComesFromDmiAndOverridesWin(@TempDir Path dmi) throws Exception {
    Files.writeString(dmi.resolve("sys_vendor"), "Dell Inc.\n");
    Files.writeString(dmi.resolve("product_name"), "PowerEdge R740\n");

    assertThat(Hardware.detect(dmi, "", "Intel(R) Xeon(R) Gold 6248").description())
        .isEqualTo("Dell Inc. PowerEdge R740 / Intel(R) Xeon(R) Gold 6248");
    assertThat(Hardware.detect(dmi, "HPE ProLiant DL380", "Xeon").description())
        .isEqualTo("HPE ProLiant DL380 / Xeon");
  }

  @Test
  void noDmiMeansAnEmptyServerModel(@TempDir Path dir) {
    assertThat(Hardware.detect(dir.resolve("missing"), "", "Apple M2"))
        .isEqualTo(new Hardware("", "Apple M2"));
    assertThat(new Hardware("", "Apple M2").description()).isEqualTo(" / Apple M2");
  }
}
