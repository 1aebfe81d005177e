package org.greentrain.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WholeProcessReportTest {

  private static PluginRun run(boolean on, double wall, double cpu, long rssKb, double stopped) {
    return new PluginRun(
        on,
        new ProcessCost(wall, cpu - 1, 1, rssKb),
        new JobPhases(0.2, 3.0, stopped - 0.5, stopped));
  }

  @Test
  void rowsHoldTheMediansAndRatiosOfThreeRunsEach() {
    List<PluginRun> runs =
        List.of(
            run(false, 13.0, 20.0, 819_200, 12.6),
            run(true, 13.4, 20.6, 983_040, 12.9),
            run(true, 13.1, 21.0, 1_024_000, 12.7),
            run(false, 12.8, 20.4, 768_000, 12.5),
            run(false, 13.3, 19.8, 870_400, 12.8),
            run(true, 13.9, 20.8, 921_600, 13.4));

    List<String> rows = new WholeProcessReport(runs).rows();

    // wall: off 12.8, 13.0, 13.3 -> 13.0; on 13.1, 13.4, 13.9 -> 13.4; 13.4 / 13.0 = 1.0308
    // CPU: off 19.8, 20.0, 20.4 -> 20.0; on 20.6, 20.8, 21.0 -> 20.8; 20.8 / 20.0 = 1.04
    // pairs in run order, on / off: wall 13.4/13.0 = 1.0308, 13.1/12.8 = 1.0234, 13.9/13.3 =
    // 1.0451 -> 1.031; CPU 20.6/20.0 = 1.03, 21.0/20.4 = 1.0294, 20.8/19.8 = 1.0505 -> 1.030
    // RSS MB: off 750, 800, 850 -> 800; on 900, 960, 1000 -> 960; 960 / 800 = 1.2, +160 MB
    assertThat(rows)
        .startsWith(
            "| whole process wall s, plugin off (median of 3)             |          13.00 |",
            "| whole process wall s, plugin on (median of 3)              |          13.40 |",
            "| whole process wall ratio on / off (target <= 1.02)         |          1.031 |",
            "| wall ratio of pairs run back to back: median [95% CI]      |"
                + " 1.031 (no interval below 6 pairs) |",
            "| whole process CPU s (user+sys), plugin off (median of 3)   |          20.00 |",
            "| whole process CPU s (user+sys), plugin on (median of 3)    |          20.80 |",
            "| whole process CPU ratio on / off                           |          1.040 |",
            "| CPU ratio of pairs run back to back: median [95% CI]       |"
                + " 1.030 (no interval below 6 pairs) |",
            "| peak RSS MB (/usr/bin/time %M), plugin off (median of 3)   |            800 |",
            "| peak RSS MB (/usr/bin/time %M), plugin on (median of 3)    |            960 |",
            "| peak RSS ratio on / off (difference MB)                    |   1.200 (+160) |");
    // stop: 0.5 s in every run; outside the JVM clock: wall - stopped, off 0.4, 0.3, 0.5 -> 0.4,
    // on 0.5, 0.4, 0.5 -> 0.5
    assertThat(rows)
        .contains(
            "| phase s off / on: spark.stop() (plugin shutdown)           |    0.50 / 0.50 |",
            "| phase s off / on: outside the JVM clock (launch, exit)     |    0.40 / 0.50 |");
    assertThat(rows).hasSize(16);
  }

  @Test
  void eachRunIsOneLogLineThatIsNotATableRow() {
    String line = run(true, 13.4, 20.6, 983_040, 12.9).line(2);

    // session 3.0 - 0.2; job (12.9 - 0.5) - 3.0; outside 13.4 - 12.9

    assertThat(line)
        .isEqualTo(
            "run 2 plugin on : wall 13.40 s, CPU 20.60 s, peak RSS 960 MB; phases: JVM start to"
                + " main 0.20, session 2.80, job 9.40, stop 0.50, outside the JVM clock 0.50 s")
        .doesNotStartWith("| ");
  }
}
