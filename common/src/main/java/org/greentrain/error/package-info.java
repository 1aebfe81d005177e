/**
 * The user-error type: an error the user fixes (config, input data, a missing earlier stage, a
 * hostile file), which the command line reports as one line with exit code 2.
 *
 * <p>A leaf: JDK only, no other package of ours, so that every package that reports bad input,
 * {@code config} and {@code store} included, can use it (ArchitectureTest).
 */
package org.greentrain.error;
