package org.greentrain.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class JobPhasesTest {

  @Test
  void theLineReadsBackAndSplitsTheWallTime() {
    JobPhases marks = new JobPhases(0.25, 3.5, 12.0, 12.75);

    JobPhases read =
        JobPhases.find("distinct words 50000, words 24000000\n" + marks.line() + "\n")
            .orElseThrow();

    assertThat(marks.line())
        .isEqualTo("greentrain-phases main_s=0.250 session_s=3.500 job_s=12.000 stopped_s=12.750");
    assertThat(read).isEqualTo(marks);
    // 3.5 - 0.25, 12 - 3.5, 12.75 - 12; of a 13.2 s process, 13.2 - 12.75 lie outside the JVM
    assertThat(read.session()).isEqualTo(3.25);
    assertThat(read.job()).isEqualTo(8.5);
    assertThat(read.stop()).isEqualTo(0.75);
    assertThat(read.outside(13.2)).isCloseTo(0.45, within(1e-9));
  }

  @Test
  void noLineIsNoMarks() {
    assertThat(JobPhases.find("Exception in thread \"main\"\n")).isEmpty();
  }

  @Test
  void rejectsAMissingOrOutOfOrderMark() {
    assertThatThrownBy(() -> JobPhases.find("greentrain-phases main_s=0.1 session_s=2 job_s=3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid phase line: no stopped_s in \"greentrain-phases main_s=0.1 session_s=2"
                + " job_s=3\"");
    assertThatThrownBy(() -> new JobPhases(0.1, 2, 1, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid phase marks: main 0.1, session 2.0, job 1.0, stopped 3.0 s (each at least the"
                + " one before)");
  }
}
