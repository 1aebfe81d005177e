/**
 * Energy and carbon, independent of Spark: node meters that read cumulative counters (RAPL powercap
 * zones, NVML through {@code nvidia-smi}) or model them from CPU time and a power profile ({@link
 * org.greentrain.energy.CpuModelMeter}); the attribution of a host's energy to tasks, JVM overhead
 * and the rest of the node; carbon intensity tables and forecasts; path-segment names.
 *
 * <p>May import: the JDK and slf4j only. Nothing else of ours: this package ships in the small
 * {@code greentrain-energy} jar any Spark application can add.
 */
package org.greentrain.energy;
