package org.greentrain.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EquivalentsTest {

  @Test
  void theFactorsAreEpasFiguresInGramsAndKilometres() {
    // EPA: 3.93e-4 metric tons CO2e per mile; 1.24e-5 metric tons CO2 per smartphone charge.
    assertThat(Equivalents.KM_DRIVEN.gramsPerUnit())
        .isCloseTo(3.93e-4 * 1e6 / 1.609344, within(1e-9));
    assertThat(Equivalents.KM_DRIVEN.gramsPerUnit()).isCloseTo(244.2, within(0.05));
    assertThat(Equivalents.PHONE_CHARGES.gramsPerUnit()).isCloseTo(1.24e-5 * 1e6, within(1e-9));
  }

  @Test
  void aRunsCo2eIsDividedByEachFactorAndEveryFactorNamesItsSource() {
    List<Equivalents.Equivalent> e = Equivalents.of(24.8);

    assertThat(e)
        .extracting(x -> x.factor().id())
        .containsExactly("km_driven", "smartphone_charges");
    assertThat(e.get(0).units()).isCloseTo(24.8 / 244.2, within(1e-4));
    assertThat(e.get(1).units()).isCloseTo(2.0, within(1e-9));
    assertThat(Equivalents.FACTORS)
        .allSatisfy(
            f -> assertThat(f.source()).contains("US EPA", "(2024)", "https://www.epa.gov/"));
  }

  @Test
  void smallEquivalentsKeepThreeSignificantDigitsWithoutExponents() {
    assertThat(ReportHtml.sig3(0.000573219)).isEqualTo("0.000573");
    assertThat(ReportHtml.sig3(12.3456)).isEqualTo("12.3");
    assertThat(ReportHtml.sig3(123456)).isEqualTo("123000");
    assertThat(ReportHtml.sig3(2.0)).isEqualTo("2");
  }
}
