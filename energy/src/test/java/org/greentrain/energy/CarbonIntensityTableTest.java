package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CarbonIntensityTableTest {

  private static final String HEADER = "region,g_co2e_per_kwh,year,source\n";

  private static final String SMALL =
      HEADER
          + "world,481,2023,w\n"
          + "fr,56,2023,f\n"
          + "de,381,2023,d\n"
          + "gb,238,2023,g\n"
          + "se,41,2023,s\n"
          + "aws:eu-west-1,291,2023,ie\n";

  /** The bundled table, as surefire sees it from the module directory. */
  private static final Path BUNDLED = Path.of("../conf/carbon-intensity.csv");

  private static CarbonIntensityTable parse(String csv) {
    return CarbonIntensityTable.load(new StringReader(csv), "test.csv");
  }

  @Test
  void looksUpRegionsIgnoringCase() {
    CarbonIntensityTable table = parse(SMALL);

    assertThat(table.forRegion("FR").gramsPerKwh()).isEqualTo(56);
    assertThat(table.forRegion("AWS:EU-WEST-1").source()).isEqualTo("ie");
    assertThat(table.world().gramsPerKwh()).isEqualTo(481);
    assertThat(table.regions()).containsExactly("world", "fr", "de", "gb", "se", "aws:eu-west-1");
  }

  @Test
  void unknownRegionListsTheThreeClosest() {
    CarbonIntensityTable table = parse(SMALL);

    // fx: fr is 1 edit away; de, gb and se are 2 (ties go alphabetically); world is 5.
    assertThatThrownBy(() -> table.forRegion("fx"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown carbon region: fx; closest known: fr, de, gb");
  }

  @Test
  void unknownCloudRegionSuggestsItsNeighbours() {
    CarbonIntensityTable table = CarbonIntensityTable.loadDefault();

    assertThatThrownBy(() -> table.forRegion("aws:eu-west-9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Unknown carbon region: aws:eu-west-9; "
                + "closest known: aws:eu-west-1, aws:eu-west-2, aws:eu-west-3");
  }

  @Test
  void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
    assertThat(CarbonIntensityTable.editDistance("kitten", "sitting")).isEqualTo(3);
    assertThat(CarbonIntensityTable.editDistance("", "abc")).isEqualTo(3);
    assertThat(CarbonIntensityTable.editDistance("same", "same")).isZero();
  }

  @Test
  void badNumberNamesFileLineAndValue() {
    assertThatThrownBy(() -> parse(HEADER + "world,481,2023,w\nfr,low,2023,f\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read test.csv line 3: g_co2e_per_kwh is not a number: low");
  }

  @Test
  void badYearNamesFileLineAndValue() {
    assertThatThrownBy(() -> parse(HEADER + "world,481,twenty,w\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read test.csv line 2: year is not an integer: twenty");
  }

  @Test
  void wrongColumnCountNamesFileLineAndLine() {
    assertThatThrownBy(() -> parse(HEADER + "world,481,2023,w\n\nfr,56,2023\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read test.csv line 4: expected 4 columns but found 3 in fr,56,2023");
  }

  @Test
  void invalidValueNamesFileLineAndValue() {
    assertThatThrownBy(() -> parse(HEADER + "world,-3,2023,w\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read test.csv line 2: Invalid gramsPerKwh, must be finite and >= 0: -3.0");
  }

  @Test
  void duplicateRegionIsAnErrorWhateverItsCase() {
    assertThatThrownBy(() -> parse(HEADER + "world,481,2023,w\nfr,56,2023,a\nFR,60,2022,b\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read test.csv line 4: duplicate region FR");
  }

  @Test
  void missingWorldRowIsAnError() {
    assertThatThrownBy(() -> parse(HEADER + "fr,56,2023,f\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot load carbon intensities from test.csv: no world row");
  }

  @Test
  void loadsFromPathAndNamesThePathInErrors(@TempDir Path dir) throws IOException {
    Path good = dir.resolve("ci.csv");
    Files.writeString(good, SMALL);
    Path bad = dir.resolve("broken.csv");
    Files.writeString(bad, "# comment\n" + HEADER + "world,481,2023\n");

    assertThat(CarbonIntensityTable.load(good).regions()).hasSize(6);
    assertThatThrownBy(() -> CarbonIntensityTable.load(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read " + bad + " line 3: expected 4 columns but found 3 in world,481,2023");
  }

  @Test
  void bundledTableLoadsFromConfAndClasspathAlike() {
    CarbonIntensityTable fromConf = CarbonIntensityTable.load(BUNDLED);
    CarbonIntensityTable fromJar = CarbonIntensityTable.loadDefault();

    assertThat(fromJar.regions()).isEqualTo(fromConf.regions());
    assertThat(fromConf.regions()).hasSizeGreaterThanOrEqualTo(40).contains("world");
    assertThat(fromConf.world().year()).isEqualTo(2023);
    assertThat(fromConf.forRegion("fr").gramsPerKwh()).isEqualTo(56);
    // A cloud region carries the figure of the country it is in.
    assertThat(fromConf.forRegion("aws:eu-west-1").gramsPerKwh())
        .isEqualTo(fromConf.forRegion("ie").gramsPerKwh());
    assertThat(fromConf.forRegion("gcp:europe-west1").gramsPerKwh())
        .isEqualTo(fromConf.forRegion("be").gramsPerKwh());
  }
}
