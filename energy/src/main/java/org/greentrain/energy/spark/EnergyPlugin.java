package org.greentrain.energy.spark;

import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Energy accounting for any Spark application: {@code --conf
 * spark.plugins=org.greentrain.energy.spark.EnergyPlugin} with the greentrain-energy jar on the
 * classpath. Executors measure (RAPL, NVML) or model (CPU time) their node's energy every window
 * and split it over the tasks that ran by CPU-time share; the driver writes the {@code task_energy}
 * and {@code stage_energy} tables to {@code spark.greentrain.energy.output} when the application
 * stops. See {@link EnergyConf} for the settings.
 */
public final class EnergyPlugin implements SparkPlugin {

  @Override
  public DriverPlugin driverPlugin() {
    return new EnergyDriverPlugin();
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new EnergyExecutorPlugin();
  }
}
