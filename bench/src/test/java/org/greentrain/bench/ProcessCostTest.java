package org.greentrain.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProcessCostTest {

  @Test
  void readsTheFormatWeGiveTime() {
    ProcessCost cost =
        ProcessCost.parse("wall_s=13.05 user_s=20.11 sys_s=1.37 max_rss_kb=812544\n");

    assertThat(cost).isEqualTo(new ProcessCost(13.05, 20.11, 1.37, 812_544));
    // 20.11 + 1.37; 812,544 kB / 1024 = 793.5 MB
    assertThat(cost.cpuSeconds()).isCloseTo(21.48, within(1e-9));
    assertThat(cost.peakRssMb()).isEqualTo(793.5);
  }

  @Test
  void readsTheLastLineWhenTimeReportsAFailedCommandFirst() {
    ProcessCost cost =
        ProcessCost.parse(
            "Command exited with non-zero status 1\nwall_s=0.50 user_s=0.40 sys_s=0.10"
                + " max_rss_kb=2048\n");

    assertThat(cost).isEqualTo(new ProcessCost(0.5, 0.4, 0.1, 2048));
  }

  @Test
  void namesTheMissingField() {
    assertThatThrownBy(() -> ProcessCost.parse("wall_s=1.00 user_s=1.00 sys_s=0.00"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid /usr/bin/time output: no max_rss_kb in \"wall_s=1.00 user_s=1.00"
                + " sys_s=0.00\"");
    assertThatThrownBy(() -> ProcessCost.parse("wall_s=? user_s=1 sys_s=0 max_rss_kb=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid /usr/bin/time output: wall_s=? user_s=1 sys_s=0 max_rss_kb=1");
  }
}
