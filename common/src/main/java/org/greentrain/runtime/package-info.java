/**
 * Pieces every stage that runs a model on executors shares: the task's device ({@code TaskDevice}),
 * a decoded shard ({@code ShardData}) and the constraint training keeps on the weights ({@code
 * WeightConstraint}). Here, not in {@code train}, so that evaluation and compression need not
 * import the training package.
 *
 * <p>May import {@code model} and {@code energy} only (ArchitectureTest).
 */
package org.greentrain.runtime;
