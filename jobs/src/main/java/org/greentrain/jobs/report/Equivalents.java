package org.greentrain.jobs.report;

import java.util.List;

/**
 * Everyday equivalents of a run's CO2e, as CodeCarbon shows them: illustrations of a size, not a
 * claim that the run caused a drive or a phone charge. Each factor is a published one, quoted with
 * its source; the page prints the source beside every figure.
 */
final class Equivalents {

  /** Grams CO2e of one unit of an everyday activity, and where the figure comes from. */
  record Factor(String id, String unit, double gramsPerUnit, String derivation, String source) {}

  /** One factor applied to a run's CO2e. */
  record Equivalent(Factor factor, double units) {}

  static final String EPA_CALCULATOR =
      "US EPA, Greenhouse Gas Equivalencies Calculator: Calculations and References, revision"
          + " using eGRID2022 data (2024),"
          + " https://www.epa.gov/energy/greenhouse-gas-equivalencies-calculator-calculations-and-references";

  private static final double KM_PER_MILE = 1.609344;

  /**
   * EPA: 3.93 x 10^-4 metric tons CO2e per mile driven by an average gasoline-powered passenger
   * vehicle (4.29 t CO2e per vehicle and year over 10,917 miles). EPA gives no per-km figure; the
   * division by 1.609344 km per mile is ours.
   */
  static final Factor KM_DRIVEN =
      new Factor(
          "km_driven",
          "km driven by an average US gasoline passenger car",
          393 / KM_PER_MILE,
          "3.93 x 10^-4 t CO2e per mile, / 1.609344 km per mile",
          EPA_CALCULATOR);

  /** EPA: 1.24 x 10^-5 metric tons CO2 per smartphone charged (delivered US electricity). */
  static final Factor PHONE_CHARGES =
      new Factor(
          "smartphone_charges",
          "smartphone charges",
          12.4,
          "1.24 x 10^-5 t CO2 per smartphone charged",
          EPA_CALCULATOR);

  static final List<Factor> FACTORS = List.of(KM_DRIVEN, PHONE_CHARGES);

  private Equivalents() {}

  static List<Equivalent> of(double co2eGrams) {
    return FACTORS.stream().map(f -> new Equivalent(f, co2eGrams / f.gramsPerUnit())).toList();
  }
}
