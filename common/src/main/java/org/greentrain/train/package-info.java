/**
 * Data-parallel training: the per-shard training loop, rounds of local SGD coordinated from the
 * driver, optimizer state, learning-rate schedule, validation and early stopping, the energy budget
 * and checkpoints.
 *
 * <p>May import {@code config}, {@code data}, {@code model}, {@code runtime} (and {@code energy});
 * {@code compress} and {@code infer} must not import it (ArchitectureTest).
 */
package org.greentrain.train;
