package org.greentrain.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.greentrain.store.Platform;
import org.junit.jupiter.api.Test;

class PlatformProbeTest {

  // Two processors of a Sapphire Rapids host as Linux lists them, flags shortened.
  private static final String CPUINFO =
      """
      processor\t: 0
      vendor_id\t: GenuineIntel
      model name\t: Intel(R) Xeon(R) Platinum 8481C CPU @ 2.70GHz
      flags\t\t: fpu vme sse sse2 ssse3 fma cx16 sse4_1 sse4_2 avx f16c avx2 avx512f avx512dq \
      avx512cd avx512bw avx512vl avx512_bf16 avx512_vnni avx512_fp16 amx_bf16 amx_tile amx_int8 \
      avx_vnni sha_ni
      bugs\t\t: spectre_v1

      processor\t: 1
      vendor_id\t: GenuineIntel
      model name\t: Intel(R) Xeon(R) Platinum 8481C CPU @ 2.70GHz
      flags\t\t: fpu vme sse sse2 ssse3 fma cx16 sse4_1 sse4_2 avx f16c avx2 avx512f avx512dq \
      avx512cd avx512bw avx512vl avx512_bf16 avx512_vnni avx512_fp16 amx_bf16 amx_tile amx_int8 \
      avx_vnni sha_ni
      """;

  @Test
  void theCpuModelIsTheFirstModelName() {
    assertThat(PlatformProbe.cpuModel(CPUINFO, "amd64"))
        .isEqualTo("Intel(R) Xeon(R) Platinum 8481C CPU @ 2.70GHz");
  }

  @Test
  void withoutAModelNameTheCpuModelIsTheArchitecture() {
    // Many ARM kernels list "CPU implementer" and "CPU part" instead.
    String arm = "processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd\nCPU part\t: 0xd0c\n";

    assertThat(PlatformProbe.cpuModel(arm, "aarch64")).isEqualTo("aarch64");
    assertThat(PlatformProbe.cpuModel(null, "aarch64")).isEqualTo("aarch64");
  }

  @Test
  void theCpuFlagsAreTheKernelSelectingOnesSortedOnce() {
    assertThat(PlatformProbe.cpuFlags(CPUINFO))
        .isEqualTo(
            "amx_bf16 amx_int8 amx_tile avx avx2 avx512_bf16 avx512_fp16 avx512_vnni avx512bw"
                + " avx512dq avx512f avx512vl avx_vnni f16c fma");
  }

  @Test
  void aCpuWithoutSimdFlagsHasEmptyFlags() {
    assertThat(PlatformProbe.cpuFlags("model name\t: QEMU Virtual CPU\nflags\t\t: fpu sse sse2\n"))
        .isEmpty();
    assertThat(PlatformProbe.cpuFlags("processor\t: 0\n")).isEmpty();
  }

  @Test
  void theEngineNamesPyTorchAndItsNativeBuild() {
    Properties engine = properties("djl_version", "0.36.0", "pytorch_version", "2.7.1");
    Properties nativeCpu =
        properties("version", "2.7.1-20250812", "flavor", "cpu", "classifier", "linux-x86_64");

    assertThat(PlatformProbe.engine(engine, nativeCpu))
        .isEqualTo("PyTorch 2.7.1 (native 2.7.1-20250812 cpu)");
    assertThat(PlatformProbe.engine(engine, new Properties())).isEqualTo("PyTorch 2.7.1");
    assertThat(PlatformProbe.engine(new Properties(), new Properties())).isNull();
  }

  @Test
  void thisJvmsPlatformNamesItsJavaOsAndDjl() {
    Platform p = PlatformProbe.detect();

    assertThat(p.javaVersion()).endsWith(" " + Runtime.version());
    assertThat(p.os())
        .isEqualTo(System.getProperty("os.name") + " " + System.getProperty("os.version"));
    // The versions this build pins in the parent pom, read from DJL's own jars.
    assertThat(p.djlVersion()).isEqualTo("0.36.0");
    assertThat(p.engine()).startsWith("PyTorch 2.7.1");
  }

  private static Properties properties(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return p;
  }
}
