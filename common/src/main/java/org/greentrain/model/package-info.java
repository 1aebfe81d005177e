/**
 * The model zoo and its weights: architectures ({@code ModelSpec}), named tensors, initialisation,
 * averaging, batch-norm folding, FLOPs and the {@code .gtm} file format.
 *
 * <p>Imports nothing of ours but {@code energy}: training, compression and evaluation all build on
 * it.
 */
package org.greentrain.model;
