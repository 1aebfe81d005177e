/**
 * Compression of a trained model: magnitude and structured pruning (gradual, with fine-tuning
 * through a {@code runtime.WeightConstraint}), int8 quantization per channel or per tensor, and the
 * compressed artifact codec.
 *
 * <p>May import {@code model}, {@code runtime} (and {@code energy}); not {@code train}
 * (ArchitectureTest): fine-tuning is wired to training by the caller.
 */
package org.greentrain.compress;
