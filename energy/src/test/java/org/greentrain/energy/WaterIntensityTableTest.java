package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WaterIntensityTableTest {

  private static final String HEADER = "region,l_per_kwh,year,source\n";

  private static WaterIntensityTable parse(String csv) {
    return WaterIntensityTable.load(new StringReader(csv), "water.csv");
  }

  @Test
  void aRegionWithoutARowGetsTheWorldRowAndTheSourceSaysSo() {
    WaterIntensityTable table = parse(HEADER + "world,15,2012,global\nUS,7.6,2014,lbnl\n");

    assertThat(table.forRegion("us")).isEqualTo(new WaterIntensity("US", 7.6, 2014, "lbnl"));
    assertThat(table.forRegion("fr"))
        .isEqualTo(new WaterIntensity("world", 15, 2012, "no row for fr; world: global"));
  }

  @Test
  void theBundledTableHasTheCitedWorldAndUsFigures() {
    WaterIntensityTable table = WaterIntensityTable.load(Path.of("../conf/water-intensity.csv"));

    // Mekonnen et al. 2015: 4241 m3 per TJ = 4,241,000 L / 277,777.78 kWh.
    assertThat(table.forRegion("world").litresPerKwh()).isEqualTo(15.2676);
    assertThat(table.forRegion("us").litresPerKwh()).isEqualTo(7.6);
    assertThat(table.forRegion("aws:us-east-1").litresPerKwh()).isEqualTo(7.6);
    assertThat(WaterIntensityTable.loadDefault().forRegion("de").source())
        .startsWith("no row for de; world: Mekonnen et al. 2015");
  }

  @Test
  void badRowsAndAMissingWorldRowAreErrorsNamingTheFile() {
    assertThatThrownBy(() -> parse(HEADER + "world,15,2012,g\nus,-1,2014,x\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read water.csv line 3: Invalid l_per_kwh, must be finite and >= 0: -1.0");
    assertThatThrownBy(() -> parse(HEADER + "world,15,2012,g\nWorld,1,2012,x\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read water.csv line 3: duplicate region World");
    assertThatThrownBy(() -> parse(HEADER + "us,7.6,2014,x\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot load water intensities from water.csv: no world row");
  }
}
