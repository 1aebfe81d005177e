/**
 * Content digests (hex SHA-256 of bytes and streams) of model files, manifests and the effective
 * config.
 *
 * <p>A leaf: JDK only, no other package of ours, so that {@code config} and {@code store}, which
 * sit below the stages, can use it (ArchitectureTest).
 */
package org.greentrain.digest;
