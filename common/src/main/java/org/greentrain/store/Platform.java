package org.greentrain.store;

/**
 * What a run's driver ran on, as far as it can change the trained model: the same config and seed
 * give the same model bytes on the same machine, but another CPU (or CPU flags) makes PyTorch pick
 * other kernels whose float summation order differs, and another engine build may do the same.
 * Recorded once, when the run's first stage starts; a field is null when it could not be found.
 *
 * @param cpuModel {@code model name} of /proc/cpuinfo, else the JVM's {@code os.arch}
 * @param cpuFlags the SIMD flags of /proc/cpuinfo that select PyTorch's and oneDNN's CPU kernels
 *     (avx, avx2, fma, f16c, avx512*, avx_vnni, amx_*), sorted and space-separated; empty when the
 *     CPU has none of them, null without /proc/cpuinfo
 * @param engine the deep-learning engine and its native library, e.g. {@code PyTorch 2.7.1 (native
 *     2.7.1-20250812 cpu)}, as the driver's classpath carries them
 * @param djlVersion the DJL API version on the driver's classpath
 * @param javaVersion the JVM's vendor and runtime version
 * @param os the JVM's {@code os.name} and {@code os.version}
 */
public record Platform(
    String cpuModel,
    String cpuFlags,
    String engine,
    String djlVersion,
    String javaVersion,
    String os) {}
