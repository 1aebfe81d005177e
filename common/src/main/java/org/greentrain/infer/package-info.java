/**
 * Distributed evaluation: a verified model (size and SHA-256 against its manifest) loaded once per
 * executor, batch prediction as a Spark ML {@code Transformer} (our stand-in for DJL's Spark
 * extension), and accuracy, latency and energy scores per variant.
 *
 * <p>May import {@code model}, {@code compress} (to read int8 files), {@code runtime}, {@code
 * digest} (and {@code energy}); not {@code train} (ArchitectureTest).
 */
package org.greentrain.infer;
