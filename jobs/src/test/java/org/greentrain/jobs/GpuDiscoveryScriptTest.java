package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/k8s/gpu-discovery.sh, the script deploy/GPU.md tells Spark to run, prints Spark's resource
 * JSON for the GPUs a (fake) nvidia-smi lists, and fails when nvidia-smi fails.
 */
class GpuDiscoveryScriptTest {

  private static final Path SCRIPT =
      Path.of("..").toAbsolutePath().normalize().resolve("deploy/k8s/gpu-discovery.sh");

  private record Result(int exit, String out) {}

  /** Runs the script with a fake nvidia-smi that checks its arguments, then runs {@code body}. */
  private static Result discover(Path dir, String body) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path fake = bin.resolve("nvidia-smi");
    Files.writeString(
        fake,
        "#!/bin/sh\n"
            + "[ \"$*\" = \"--query-gpu=index --format=csv,noheader\" ] || { echo \"bad args: $*\" >&2; exit 9; }\n"
            + body
            + "\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder pb = new ProcessBuilder(List.of("bash", SCRIPT.toString()));
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.redirectErrorStream(false);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  @Test
  @Timeout(60)
  void listsEveryGpuAsSparkResourceJson(@TempDir Path dir) throws Exception {
    Result r = discover(dir, "printf '0\\n1\\n'");

    assertThat(r.exit()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("name").asText()).isEqualTo("gpu");
    assertThat(json.get("addresses").isArray()).isTrue();
    assertThat(json.get("addresses")).extracting(JsonNode::asText).containsExactly("0", "1");
    assertThat(json.size()).isEqualTo(2);
  }

  @Test
  @Timeout(60)
  void noGpuGivesAnEmptyAddressList(@TempDir Path dir) throws Exception {
    Result r = discover(dir, "exit 0");

    assertThat(r.exit()).isZero();
    assertThat(new ObjectMapper().readTree(r.out()).get("addresses")).isEmpty();
  }

  @Test
  @Timeout(60)
  void aFailingNvidiaSmiFailsTheScript(@TempDir Path dir) throws Exception {
    Result r = discover(dir, "echo 'NVIDIA-SMI has failed' >&2; exit 6");

    assertThat(r.exit()).isNotZero();
    assertThat(r.out()).doesNotContain("addresses");
  }
}
