package org.greentrain.store;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.List;
import org.greentrain.energy.ImpactFactors;
import org.greentrain.energy.StageEnergy;
import org.greentrain.energy.table.Column;

/**
 * A stage's environmental impact beyond operational carbon, and the factors it comes from
 * (docs/energy-model.md, "Embodied emissions" and "Water").
 *
 * @param embodiedCo2eGrams manufacturing emissions of the node and GPU hours the stage's
 *     application held
 * @param waterLitres on-site and off-site water of the stage's energy
 * @param embodiedSource where the embodied figure comes from
 * @param embodiedDefault whether the node matched no row of the embodied table
 * @param wueLitresPerKwh on-site water per kWh of IT energy
 * @param waterIntensityLitresPerKwh water consumed per kWh generated in the region
 * @param waterSource where that figure comes from
 */
public record StageImpact(
    double embodiedCo2eGrams,
    double waterLitres,
    String embodiedSource,
    boolean embodiedDefault,
    double wueLitresPerKwh,
    double waterIntensityLitresPerKwh,
    String waterSource) {

  /** The impact of a stage's energy. */
  public static StageImpact of(StageEnergy e) {
    ImpactFactors f = e.impact();
    return new StageImpact(
        e.embodiedCo2eGrams(),
        e.waterLitres(),
        f.embodiedSource(),
        f.embodiedDefault(),
        f.wueLitresPerKwh(),
        f.waterIntensityLitresPerKwh(),
        f.waterSource());
  }

  /**
   * The columns of a table whose rows carry an impact, in this record's order and with {@code
   * stage_energy}'s names: {@code embodied_co2e_g}, {@code water_l}, {@code embodied_source},
   * {@code embodied_default}, {@code wue_l_per_kwh}, {@code water_intensity_l_per_kwh}, {@code
   * water_source}; all may be null.
   *
   * @param embodied the meaning of {@code embodied_co2e_g} in the table
   * @param water the meaning of {@code water_l} in the table
   */
  static List<Column> columns(String embodied, String water) {
    return List.of(
        Column.optional("embodied_co2e_g", DoubleType, "g CO2e", embodied),
        Column.optional("water_l", DoubleType, "L", water),
        Column.optional("embodied_source", StringType, "", "as in `stage_energy`"),
        Column.optional("embodied_default", BooleanType, "", "as in `stage_energy`"),
        Column.optional("wue_l_per_kwh", DoubleType, "L/kWh", "as in `stage_energy`"),
        Column.optional("water_intensity_l_per_kwh", DoubleType, "L/kWh", "as in `stage_energy`"),
        Column.optional("water_source", StringType, "", "as in `stage_energy`"));
  }

  /** The values of {@link #columns} for {@code impact}, all null when it is null. */
  static Object[] values(StageImpact impact) {
    if (impact == null) {
      return new Object[7];
    }
    return new Object[] {
      impact.embodiedCo2eGrams(),
      impact.waterLitres(),
      impact.embodiedSource(),
      impact.embodiedDefault(),
      impact.wueLitresPerKwh(),
      impact.waterIntensityLitresPerKwh(),
      impact.waterSource()
    };
  }
}
