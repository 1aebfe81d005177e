/**
 * The publish stage: a run's models with their manifest into the model registry, and the quality
 * gate that decides whether LATEST moves. Kept apart from {@code org.greentrain.store}, which
 * depends on nothing of ours but energy, because publishing reads the config, the data sources and
 * the model's architecture.
 */
package org.greentrain.publish;
