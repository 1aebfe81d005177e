package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbodiedEmissionsTableTest {

  private static final String HEADER = "hardware_pattern,kg_co2e,lifetime_years,year,source\n";

  /** The bundled table, as surefire sees it from the module directory. */
  private static final Path BUNDLED = Path.of("../conf/embodied-emissions.csv");

  private static EmbodiedEmissionsTable parse(String csv) {
    return EmbodiedEmissionsTable.load(new StringReader(csv), "test.csv");
  }

  @Test
  void theFirstMatchingRowWinsIgnoringCaseAndItsRateIsSpreadOverItsLife() {
    EmbodiedEmissionsTable table =
        parse(
            HEADER
                + "# comment\n"
                + "poweredge r740\\b,876,1,2019,r740\n"
                + "PowerEdge,1752,2,2019,any poweredge\n"
                + "*,438,1,2019,default\n");

    EmbodiedEmission r740 = table.forHardware("Dell Inc. PowerEdge R740 / Intel(R) Xeon(R) Gold");
    assertThat(r740.source()).isEqualTo("r740");
    // 876 kg over 1 year of 8760 hours: 100 g per hour.
    assertThat(r740.gramsPerHour()).isCloseTo(100, within(1e-12));
    assertThat(r740.isDefault()).isFalse();
    // \b keeps the R740XD out of the R740's row.
    EmbodiedEmission xd = table.forHardware("Dell Inc. PowerEdge R740XD / Xeon");
    assertThat(xd.source()).isEqualTo("any poweredge");
    // 1752 kg over 2 years: also 100 g per hour.
    assertThat(xd.gramsPerHour()).isCloseTo(100, within(1e-12));
  }

  @Test
  void unknownHardwareGetsTheDefaultRowWhichIsFlagged() {
    EmbodiedEmissionsTable table = parse(HEADER + "*,438,1,2019,default\nEPYC,876,1,2020,epyc\n");

    EmbodiedEmission unknown = table.forHardware(" / Apple M2");
    assertThat(unknown).isSameAs(table.defaultRow());
    assertThat(unknown.isDefault()).isTrue();
    assertThat(unknown.gramsPerHour()).isCloseTo(50, within(1e-12));
    assertThat(table.forHardware(" / AMD EPYC 7763").source()).isEqualTo("epyc");
  }

  @Test
  void theBundledTableMatchesADellR740AndDefaultsToItsFigure() {
    EmbodiedEmissionsTable table = EmbodiedEmissionsTable.load(BUNDLED);

    EmbodiedEmission r740 = table.forHardware("Dell Inc. PowerEdge R740 / Intel(R) Xeon(R) Gold");
    // Dell's PCF: 15.2% of 8640 kg is manufacturing, 1313.28 kg, over 4 years of 8760 h.
    assertThat(r740.kgCo2e()).isEqualTo(1313.28);
    assertThat(r740.gramsPerHour()).isCloseTo(1_313_280 / 35_040.0, within(1e-9));
    assertThat(r740.isDefault()).isFalse();
    EmbodiedEmission vm = table.forHardware("QEMU Standard PC (Q35 + ICH9, 2009) / AMD EPYC");
    assertThat(vm.isDefault()).isTrue();
    assertThat(vm.kgCo2e()).isEqualTo(1313.28);
    assertThat(vm.source()).startsWith("Unknown hardware - default: Dell PowerEdge R740");
    assertThat(EmbodiedEmissionsTable.loadDefault().defaultRow()).isEqualTo(table.defaultRow());
  }

  @Test
  void aBadRowIsAnErrorNamingTheFileLineAndColumn() {
    assertThatThrownBy(() -> parse(HEADER + "*,438,1,2019,default\nEPYC,lots,1,2020,x\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read test.csv line 3: kg_co2e is not a number: lots");
    assertThatThrownBy(() -> parse(HEADER + "*,438,0,2019,default\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read test.csv line 2: Invalid lifetime_years, must be > 0: 0.0");
    assertThatThrownBy(() -> parse(HEADER + "*,438,1,2019,a\n*,438,1,2019,b\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read test.csv line 3: second default row *");
    assertThatThrownBy(() -> parse(HEADER + "EPYC(,438,1,2019,x\n*,1,1,2019,d\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot read test.csv line 2: Invalid hardware_pattern: EPYC(");
  }

  @Test
  void aTableWithoutADefaultRowIsRejectedNamingTheFile(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("embodied.csv");
    Files.writeString(csv, HEADER + "EPYC,876,1,2020,epyc\n");

    assertThatThrownBy(() -> EmbodiedEmissionsTable.load(csv))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load embodied emissions from "
                + csv
                + ": no default row with hardware_pattern *");
  }
}
