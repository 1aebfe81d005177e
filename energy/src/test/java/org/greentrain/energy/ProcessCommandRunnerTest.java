package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCommandRunnerTest {

  @Test
  void systemRunnerReturnsOutputLinesAndReportsFailures() throws Exception {
    CommandRunner system = CommandRunner.system();

    assertThat(system.run(List.of("sh", "-c", "printf '0, 1\\n1, 2\\n'")))
        .containsExactly("0, 1", "1, 2");
    assertThatThrownBy(() -> system.run(List.of("sh", "-c", "echo oops >&2; exit 3")))
        .isInstanceOf(CommandRunner.CommandFailedException.class)
        .hasMessage("Cannot run sh: exit status 3: oops");
    assertThatThrownBy(() -> system.run(List.of("/nonexistent/nvidia-smi")))
        .isNotInstanceOf(CommandRunner.CommandFailedException.class)
        .isInstanceOf(IOException.class)
        .hasMessage("Cannot run program \"/nonexistent/nvidia-smi\": no executable file there");
    assertThatThrownBy(() -> system.run(List.of("greentrain-no-such-program")))
        .isNotInstanceOf(CommandRunner.CommandFailedException.class)
        .isInstanceOf(IOException.class)
        .hasMessage("Cannot run program \"greentrain-no-such-program\": not found on PATH");
  }

  @Test
  void aProgramIsLookedUpAlongPathAsExecWouldBeforeAnyProcessStarts(@TempDir Path dir)
      throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path tool = Files.writeString(bin.resolve("tool"), "#!/bin/sh\necho hi\n");
    Files.writeString(bin.resolve("plain"), "not a program");
    Files.createDirectories(bin.resolve("folder"));
    tool.toFile().setExecutable(true);
    bin.resolve("folder").toFile().setExecutable(true);
    String path = dir.resolve("empty") + ":" + bin;

    assertThat(ProcessCommandRunner.findable("tool", path)).isTrue();
    assertThat(ProcessCommandRunner.findable("plain", path)).as("not executable").isFalse();
    assertThat(ProcessCommandRunner.findable("folder", path)).as("a directory").isFalse();
    assertThat(ProcessCommandRunner.findable("tool", dir.toString())).isFalse();
    assertThat(ProcessCommandRunner.findable(tool.toString(), "")).as("a path as given").isTrue();
    // PATH unset: the JDK's default, where sh lives on every Linux
    assertThat(ProcessCommandRunner.findable("sh", null)).isTrue();
  }

  @Test
  void systemRunnerKillsACommandThatHangs() {
    CommandRunner quick = new ProcessCommandRunner(Duration.ofMillis(200));

    assertThatThrownBy(() -> quick.run(List.of("sleep", "30")))
        .isInstanceOf(CommandRunner.CommandFailedException.class)
        .hasMessage("Cannot run sleep: no exit within 200 ms");
  }
}
