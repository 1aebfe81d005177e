package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PowerProfilesTest {

  private static final String HEADER =
      "cpu_pattern,tdp_w,threads,idle_fraction,dram_w_per_gb,source\n";

  /** The bundled table, as surefire sees it from the module directory. */
  private static final Path BUNDLED = Path.of("../conf/power-profiles.csv");

  private static PowerProfiles parse(String csv) {
    return PowerProfiles.load(new StringReader(csv), "test.csv");
  }

  @Test
  void specificPatternWinsOverDefaultEvenWhenDefaultComesFirst() {
    PowerProfiles profiles =
        parse(HEADER + "*,100,10,0.2,0.4,fallback\n" + "EPYC 7763,280,128,0.2,0.4,epyc\n");

    assertThat(profiles.forCpu("AMD EPYC 7763 64-Core Processor").source()).isEqualTo("epyc");
  }

  @Test
  void firstMatchingRowWinsAndMatchingIgnoresCase() {
    PowerProfiles profiles =
        parse(
            HEADER
                + "# a comment, then a blank line\n"
                + "\n"
                + "xeon\\(r\\) gold,150,40,0.2,0.4,gold\n"
                + "Xeon,200,56,0.2,0.4,any xeon\n"
                + "*,100,10,0.2,0.4,fallback\n");

    assertThat(profiles.forCpu("Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz").source())
        .isEqualTo("gold");
    assertThat(profiles.forCpu("Intel(R) Xeon(R) Platinum 8380").source()).isEqualTo("any xeon");
    assertThat(profiles.profiles()).hasSize(3);
  }

  @Test
  void unknownCpuGetsDefaultRow() {
    PowerProfiles profiles =
        parse(HEADER + "EPYC,280,128,0.2,0.4,epyc\n" + "*,100,10,0.2,0.4,fallback\n");

    assertThat(profiles.forCpu("Apple M2")).isSameAs(profiles.defaultProfile());
    assertThat(profiles.defaultProfile().source()).isEqualTo("fallback");
  }

  @Test
  void missingDefaultRowIsAnError() {
    assertThatThrownBy(() -> parse(HEADER + "EPYC,280,128,0.2,0.4,epyc\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot load power profiles from test.csv: no default row with cpu_pattern *");
  }

  @Test
  void secondDefaultRowIsAnError() {
    assertThatThrownBy(() -> parse(HEADER + "*,1,1,0,0,a\n*,2,1,0,0,b\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read test.csv line 3: second default row *");
  }

  @Test
  void badNumberNamesFileLineAndValue() {
    assertThatThrownBy(() -> parse(HEADER + "#\n*,lots,10,0.2,0.4,x\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read test.csv line 3: tdp_w is not a number: lots");
  }

  @Test
  void nonIntegerThreadsNamesFileLineAndValue() {
    assertThatThrownBy(() -> parse(HEADER + "*,100,8.5,0.2,0.4,x\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read test.csv line 2: threads is not an integer: 8.5");
  }

  @Test
  void wrongColumnCountNamesFileLineAndLine() {
    assertThatThrownBy(() -> parse(HEADER + "*,100,10,0.2,0.4\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read test.csv line 2: expected 6 columns but found 5 in *,100,10,0.2,0.4");
  }

  @Test
  void invalidValueNamesFileLineAndValue() {
    assertThatThrownBy(() -> parse(HEADER + "*,100,10,1.5,0.4,x\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read test.csv line 2: Invalid idleFraction, must be in [0, 1): 1.5");
  }

  @Test
  void badRegexNamesFileLineAndPattern() {
    assertThatThrownBy(() -> parse(HEADER + "*,100,10,0.2,0.4,x\nXeon[,1,1,0,0,y\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot read test.csv line 3: Invalid cpuPattern: Xeon[ (");
  }

  @Test
  void wrongHeaderIsAnError() {
    assertThatThrownBy(() -> parse("pattern,tdp\n*,1\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read test.csv line 1: expected header "
                + "cpu_pattern,tdp_w,threads,idle_fraction,dram_w_per_gb,source but found pattern,tdp");
  }

  @Test
  void loadsFromPathAndNamesThePathInErrors(@TempDir Path dir) throws IOException {
    Path good = dir.resolve("profiles.csv");
    Files.writeString(good, HEADER + "*,100,10,0.2,0.4,from file\n");
    Path bad = dir.resolve("broken.csv");
    Files.writeString(bad, HEADER + "*,100,ten,0.2,0.4,x\n");

    assertThat(PowerProfiles.load(good).defaultProfile().source()).isEqualTo("from file");
    assertThatThrownBy(() -> PowerProfiles.load(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read " + bad + " line 2: threads is not an integer: ten");
  }

  @Test
  void missingFileIsWrappedWithItsPath(@TempDir Path dir) {
    Path missing = dir.resolve("nope.csv");

    assertThatThrownBy(() -> PowerProfiles.load(missing))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("Failed to read " + missing);
  }

  @Test
  void detectsFirstModelNameInCpuinfo(@TempDir Path dir) throws IOException {
    Path cpuinfo = dir.resolve("cpuinfo");
    Files.writeString(
        cpuinfo,
        """
        processor\t: 0
        vendor_id\t: AuthenticAMD
        model name\t: AMD EPYC 7763 64-Core Processor
        processor\t: 1
        model name\t: Something Else
        """);

    assertThat(PowerProfiles.detectCpuModel(cpuinfo)).isEqualTo("AMD EPYC 7763 64-Core Processor");
  }

  @Test
  void fallsBackToOsArchWithoutModelName(@TempDir Path dir) throws IOException {
    Path cpuinfo = dir.resolve("cpuinfo");
    Files.writeString(cpuinfo, "processor\t: 0\nBogoMIPS\t: 50.00\nmodel name\t:   \n");

    assertThat(PowerProfiles.detectCpuModel(cpuinfo)).isEqualTo(System.getProperty("os.arch"));
    assertThat(PowerProfiles.detectCpuModel(dir.resolve("missing")))
        .isEqualTo(System.getProperty("os.arch"));
  }

  @Test
  void bundledTableLoadsFromConfAndClasspathAlike() {
    PowerProfiles fromConf = PowerProfiles.load(BUNDLED);
    PowerProfiles fromJar = PowerProfiles.loadDefault();

    assertThat(fromJar.profiles()).isEqualTo(fromConf.profiles());
    assertThat(fromConf.profiles()).hasSizeGreaterThanOrEqualTo(10);
    assertThat(fromConf.forCpu("AMD EPYC 7763 64-Core Processor").tdpW()).isEqualTo(280);
    assertThat(fromConf.forCpu("Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz").threads()).isEqualTo(40);
    // 6248R is a different part (24 cores, 205 W) and must not take the 6248 row.
    assertThat(fromConf.forCpu("Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz").tdpW())
        .isNotEqualTo(150);
    assertThat(fromConf.forCpu("AMD EPYC 7B13").source()).startsWith("Other AMD EPYC");
  }

  @Test
  void bundledDefaultRowReproducesCloudCarbonFootprintAverages() {
    PowerProfile fallback = PowerProfiles.load(BUNDLED).defaultProfile();

    // CCF: 0.74 W per vCPU at idle, 3.5 W at full load, 0.392 W per GB of memory.
    assertThat(fallback.idleWatts() / fallback.threads()).isCloseTo(0.74, within(1e-4));
    assertThat(fallback.activeWattsPerThread()).isCloseTo(3.5 - 0.74, within(1e-4));
    assertThat(fallback.dramWPerGb()).isEqualTo(0.392);
  }
}
