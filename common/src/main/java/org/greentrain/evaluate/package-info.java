/**
 * The evaluate stage: test accuracy, batch latency and inference energy of the fp32 model and of
 * every compressed variant, scored on the executors through {@code infer}, written to the {@code
 * evaluations} and {@code models} tables; and the in-memory shards the benchmarks and tests score
 * on.
 *
 * <p>May import: {@code config}, {@code data}, {@code model}, {@code runtime}, {@code compress},
 * {@code infer}, {@code store}, {@code pipeline}, {@code energy}; of {@code train} only its stage
 * name, never its logic (ArchitectureTest).
 */
package org.greentrain.evaluate;
