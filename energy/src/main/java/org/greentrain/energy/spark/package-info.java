/**
 * The Spark plugin ({@link org.greentrain.energy.spark.EnergyPlugin}): its executor side tracks
 * each task's thread CPU and samples the node meter; its driver side gathers every JVM's window
 * facts, counts each host once, and writes {@code task_energy} and {@code stage_energy}, spooling
 * rows while the application runs. Settings: {@link org.greentrain.energy.spark.EnergyConf}.
 *
 * <p>May import: {@code org.greentrain.energy}, Spark, Hadoop and slf4j (all provided by the
 * cluster). Nothing else of ours.
 */
package org.greentrain.energy.spark;
