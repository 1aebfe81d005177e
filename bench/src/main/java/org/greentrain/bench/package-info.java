/**
 * Benchmarks behind {@code bench/run}: the Spark trainer against a plain DJL loop, the energy
 * plugin on and off, the augment stage against plain loops, round overhead, codec sizes. Each is a
 * {@code bench-*} command of {@link org.greentrain.bench.Bench}; figures go to {@code
 * bench/RESULTS.md}, never into tests.
 *
 * <p>May import: anything of ours. Nothing of ours imports it, and it is not in the submit jar.
 */
package org.greentrain.bench;
